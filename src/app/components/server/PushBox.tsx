import type { LsPushProgress } from '../../../engine/ls/types';
import { PushSummary } from './PushSummary';
import { lsActions, useLs } from './use-ls';

function PushProgressBar({ mode, progress }: { mode: string; progress: LsPushProgress | null }) {
  const { lsCancel } = lsActions();
  const done = progress ? progress.done + (progress.phase === 'done' ? progress.wouldSend : 0) : 0;
  return (
    <div className="progress" data-testid="ls-push-progress" data-phase={progress?.phase ?? ''}>
      <progress aria-label="Push progress" value={done} max={Math.max(1, progress?.total ?? 1)} />
      <p role="status" aria-live="polite">
        {progress?.phase === 'checking'
          ? 'Checking what the server already has…'
          : mode === 'retry'
            ? 'Retrying…'
            : 'Sending…'}{' '}
        {progress
          ? `${progress.sent} sent, ${progress.skipped} skipped, ${progress.failed} failed of ${progress.total}`
          : ''}{' '}
        <button type="button" data-testid="ls-push-cancel" onClick={() => void lsCancel()}>
          Cancel
        </button>
      </p>
    </div>
  );
}

/** "Push predictions" (or a dry run), its progress, the summary, retry and the report. */
export function PushBox({ blocker }: { blocker: string | null }) {
  const dryRun = useLs((s) => s.ls.dryRun);
  const concurrency = useLs((s) => s.ls.concurrency);
  const pushing = useLs((s) => s.ls.pushing);
  const result = useLs((s) => s.ls.pushResult);
  const error = useLs((s) => s.ls.pushError);
  const reportError = useLs((s) => s.ls.reportError);
  const { lsSet, lsPush, lsRetryFailed, lsDownloadReport } = lsActions();

  return (
    <div>
      <div className="row">
        <label>
          <input
            type="checkbox"
            data-testid="ls-dry-run"
            checked={dryRun}
            onChange={(e) => lsSet({ dryRun: e.target.checked })}
          />{' '}
          Dry run (show what would be sent, send nothing)
        </label>
        <label>
          Requests at once{' '}
          <input
            type="number"
            className="narrow"
            data-testid="ls-concurrency"
            min={1}
            max={16}
            value={concurrency}
            onChange={(e) =>
              lsSet({ concurrency: Math.min(16, Math.max(1, Number(e.target.value) || 4)) })
            }
          />
        </label>
      </div>
      <div className="row">
        <button
          type="button"
          className="primary"
          data-testid="ls-push"
          disabled={blocker !== null || pushing !== null}
          onClick={() => void lsPush()}
        >
          {dryRun ? 'Dry run' : 'Push predictions'}
        </button>
        {result && result.retryable > 0 && !pushing && (
          <button type="button" data-testid="ls-retry" onClick={() => void lsRetryFailed()}>
            Retry {result.retryable} failed
          </button>
        )}
        {result && !pushing && (
          <button type="button" data-testid="ls-report" onClick={() => void lsDownloadReport()}>
            Download report
          </button>
        )}
      </div>
      {blocker && !pushing && (
        <p className="muted" data-testid="ls-push-blocker">
          {blocker}
        </p>
      )}
      {pushing && <PushProgressBar mode={pushing.mode} progress={pushing.progress} />}
      {error && (
        <p className="error" role="alert" data-testid="ls-push-error">
          {error}
        </p>
      )}
      {reportError && (
        <p className="error" role="alert">
          {reportError}
        </p>
      )}
      {result && !pushing && <PushSummary result={result} />}
    </div>
  );
}
