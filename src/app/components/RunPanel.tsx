import { useApp, type AppState } from '../store';
import { AdvancedRunSettings, RunRecovery } from './RunRecovery';

function blocker(s: AppState): string | null {
  if (!s.config) return 'Add a valid labeling config.';
  if (s.tasksBusy) return 'Reading tasks…';
  if (!s.tasks || s.tasks.total === 0) return 'Add tasks: images or a task file.';
  if (s.modelLoading) return 'Loading the model…';
  if (!s.model) return 'Load a model.';
  if (s.model.kind === 'text') {
    return s.ocrChoices.length > 0 ? null : (s.targetError ?? 'The config has no OCR target.');
  }
  if (s.targets.length === 0) return s.targetError ?? 'The config has no control for this model.';
  // A reply fills its TextArea: no classes to map.
  if (s.model.kind === 'text-textarea') return null;
  const mapped = s.targets.some((t) =>
    Object.values(t.mapping).some((v) => v !== null && v !== undefined),
  );
  return mapped ? null : 'Map at least one model class to a label.';
}

function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

export function RunPanel() {
  const why = useApp(blocker);
  const status = useApp((s) => s.runStatus);
  const progress = useApp((s) => s.progress);
  const failures = useApp((s) => s.failures);
  const runError = useApp((s) => s.runError);
  const stopping = useApp((s) => s.stopping);
  const offer = useApp((s) => (s.runStatus === 'cancelled' ? s.resumeOffer : null));
  const { run, pause, resume, cancel, retryFailed, showTask, resumeRun } = useApp.getState();
  const active = status === 'running' || status === 'paused';

  return (
    <section className="panel" aria-labelledby="run-title">
      <h2 id="run-title">3. Run</h2>
      <RunRecovery />
      <div className="row">
        {offer && (
          <button
            type="button"
            className="primary"
            data-testid="continue-button"
            disabled={why !== null}
            onClick={() => void resumeRun()}
          >
            Continue: {offer.total - offer.done - offer.failed} tasks to go
          </button>
        )}
        <button
          type="button"
          className={offer ? undefined : 'primary'}
          data-testid="run-button"
          disabled={why !== null || active}
          onClick={() => void run()}
        >
          {offer ? 'Run all tasks again' : 'Run on all tasks'}
        </button>
        {status === 'running' && (
          <button
            type="button"
            data-testid="pause-button"
            disabled={stopping !== null}
            onClick={() => void pause()}
          >
            Pause
          </button>
        )}
        {status === 'paused' && (
          <button type="button" data-testid="resume-button" onClick={() => void resume()}>
            Resume
          </button>
        )}
        {active && (
          <button
            type="button"
            data-testid="cancel-button"
            disabled={stopping === 'cancel'}
            onClick={() => void cancel()}
          >
            Cancel
          </button>
        )}
        {!active && failures.length > 0 && (
          <button type="button" data-testid="retry-button" onClick={() => void retryFailed()}>
            Retry {failures.length} failed
          </button>
        )}
      </div>
      {stopping && (
        <p role="status" data-testid="stopping">
          {stopping === 'pause' ? 'Pausing' : 'Stopping'} after the current task…
        </p>
      )}
      {why && !active && (
        <p className="muted" data-testid="run-blocker">
          {why}
        </p>
      )}
      {runError && (
        <p className="error" role="alert" data-testid="run-error">
          {runError}
        </p>
      )}
      {progress && (
        <div className="progress" data-testid="run-progress" data-state={progress.state}>
          <progress
            data-testid="progress-bar"
            aria-label="Run progress"
            value={progress.done}
            max={Math.max(1, progress.total)}
          />
          <p role="status" aria-live="polite">
            <strong data-testid="progress-text">
              {progress.done}/{progress.total}
            </strong>{' '}
            tasks · {progress.tasksPerSecond.toFixed(2)} tasks/s
            {progress.etaSeconds !== null && progress.done < progress.total
              ? ` · ETA ${formatDuration(progress.etaSeconds)}`
              : ''}
            {' · '}
            <span data-testid="failed-count">{progress.failed} failed</span>
            {progress.state === 'paused' && ' · paused'}
            {progress.state === 'cancelled' &&
              ` · cancelled: ${progress.total - progress.done} not run`}
            {progress.state === 'done' && ' · finished'}
          </p>
        </div>
      )}
      {failures.length > 0 && (
        <details open className="issues" data-testid="failure-list">
          <summary>
            {failures.length} task{failures.length === 1 ? '' : 's'} failed
          </summary>
          <ul>
            {failures.slice(0, 100).map((f) => (
              <li key={f.index}>
                <button type="button" className="link" onClick={() => void showTask(f.index)}>
                  #{f.index + 1} {f.name}
                </button>{' '}
                <span className="muted">({f.stage})</span> {f.message}
              </li>
            ))}
          </ul>
          {failures.length > 100 && <p className="muted">… and {failures.length - 100} more</p>}
        </details>
      )}
      <AdvancedRunSettings />
    </section>
  );
}
