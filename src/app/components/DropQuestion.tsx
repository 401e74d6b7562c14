import { useApp } from '../store';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A drop that would change the tasks in place waits here for the user's choice. */
export function DropQuestion() {
  const pending = useApp((s) => s.pendingDrop);
  const answer = useApp((s) => s.answerDrop);
  if (!pending) return null;
  const dropped = [
    pending.taskFiles.length > 0 ? plural(pending.taskFiles.length, 'task file') : '',
    pending.media.length > 0 ? plural(pending.media.length, 'media file') : '',
  ]
    .filter(Boolean)
    .join(' and ');
  return (
    <div
      className="question"
      role="group"
      aria-label="New files for the tasks"
      data-testid="drop-question"
    >
      <p>
        You dropped {dropped} while {plural(pending.tasksNow, 'task')} are in place.
        {pending.resultsNow > 0 && (
          <strong>
            {' '}
            Changing the tasks clears the results of the last run (
            {plural(pending.resultsNow, 'task')}
            ): export them first if you need them.
          </strong>
        )}
      </p>
      <div className="row">
        {!pending.mediaForTaskFiles && (
          <button type="button" onClick={() => void answer('replace')}>
            Replace the tasks
          </button>
        )}
        <button type="button" onClick={() => void answer('add')}>
          {pending.mediaForTaskFiles ? 'Add the media for the task files' : 'Add to the tasks'}
        </button>
        <button type="button" onClick={() => void answer('keep')}>
          Keep the tasks as they are
        </button>
      </div>
    </div>
  );
}
