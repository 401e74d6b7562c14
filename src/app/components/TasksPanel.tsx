import { useApp } from '../store';
import { DropQuestion } from './DropQuestion';

const MAX_SHOWN_ISSUES = 50;

export function TasksPanel() {
  const tasks = useApp((s) => s.tasks);
  const busy = useApp((s) => s.tasksBusy);
  const error = useApp((s) => s.tasksError);
  const taskFiles = useApp((s) => s.taskFiles);
  const mediaFiles = useApp((s) => s.mediaFiles);
  const running = useApp((s) => s.runStatus === 'running' || s.runStatus === 'paused');
  const clearTasks = useApp((s) => s.clearTasks);

  const source =
    taskFiles.length > 0
      ? `${taskFiles.length} task file(s)${mediaFiles.length ? ` + ${mediaFiles.length} media file(s) to resolve images` : ''}`
      : `${mediaFiles.length} media file(s), one task each`;

  return (
    <section className="panel" aria-labelledby="tasks-title">
      <h2 id="tasks-title">Tasks</h2>
      <DropQuestion />
      {busy && <p role="status">Reading tasks…</p>}
      {!tasks && !busy && <p className="muted">No tasks yet: drop images or a task file.</p>}
      {tasks && (
        <p>
          <strong data-testid="task-count" data-count={tasks.total}>
            {tasks.total} task{tasks.total === 1 ? '' : 's'}
          </strong>{' '}
          <span className="muted">
            from {source}
            {tasks.dataKey ? ` · images read from data.${tasks.dataKey}` : ''}
          </span>
        </p>
      )}
      {error && (
        <p className="error" role="alert" data-testid="tasks-error">
          {error}
        </p>
      )}
      {tasks && tasks.issues.length > 0 && (
        <details open className="issues" data-testid="import-issues">
          <summary>
            {tasks.issues.length} import problem{tasks.issues.length === 1 ? '' : 's'}
          </summary>
          <ul>
            {tasks.issues.slice(0, MAX_SHOWN_ISSUES).map((issue, i) => (
              // The message already names the file and line.
              <li key={i}>{issue.message}</li>
            ))}
          </ul>
          {tasks.issues.length > MAX_SHOWN_ISSUES && (
            <p className="muted">… and {tasks.issues.length - MAX_SHOWN_ISSUES} more</p>
          )}
        </details>
      )}
      {(taskFiles.length > 0 || mediaFiles.length > 0) && (
        <button type="button" onClick={() => void clearTasks()} disabled={running}>
          Clear tasks
        </button>
      )}
    </section>
  );
}
