import type { LsPushResult } from '../../../engine/ls/types';
import { LsErrorNote } from './LsErrorNote';

function DryRunPreview({ result }: { result: LsPushResult }) {
  if (result.preview.length === 0) return null;
  return (
    <details open data-testid="ls-preview">
      <summary>
        The first {result.preview.length} of {result.summary.wouldSend} that would be sent
      </summary>
      {result.preview.map((item, i) => (
        <div key={i}>
          <p>
            {item.action === 'attach' ? `task ${item.taskId}` : (item.file ?? `new task ${i + 1}`)}{' '}
            · {item.regions} region{item.regions === 1 ? '' : 's'}
            {item.score !== undefined ? ` · score ${item.score.toFixed(3)}` : ''}{' '}
            <span className="muted">({item.action})</span>
          </p>
          <pre style={{ maxHeight: '12rem', overflow: 'auto', fontSize: '0.8rem' }}>
            {item.body}
          </pre>
        </div>
      ))}
    </details>
  );
}

function Duplicates({ result }: { result: LsPushResult }) {
  if (result.verifyError) {
    return (
      <p className="warn">
        Could not check the server for double predictions: {result.verifyError}
      </p>
    );
  }
  const duplicates = result.duplicates ?? [];
  if (duplicates.length === 0) return null;
  const removed = duplicates.reduce((n, d) => n + (d.removed ?? 0), 0);
  const failed = duplicates.flatMap((d) => d.notRemoved ?? []);
  return (
    <div className="warn" role="alert" data-testid="ls-duplicates">
      <p>
        <strong>
          {duplicates.length} task{duplicates.length === 1 ? '' : 's'} now hold this prediction more
          than once.
        </strong>{' '}
        The browser re-sent a request after the server dropped a connection without answering (Label
        Studio cannot recognise a repeat). Prelabel deletes its own extra copies (same model version
        and result), keeping the oldest.
      </p>
      <p data-testid="ls-duplicates-removed" data-removed={removed}>
        Removed {removed} duplicate prediction{removed === 1 ? '' : 's'}.
        {failed.length > 0 &&
          ` Could not remove ${failed.length}: ${failed
            .map((f) => `#${f.id} (${f.reason})`)
            .join(', ')}. Delete these in Label Studio (Data Manager, filtered by model version).`}
      </p>
      <ul>
        {duplicates.slice(0, 10).map((d) => (
          <li key={d.taskId}>
            task {d.taskId}: {d.count}× {d.modelVersion}
            {d.predictionIds ? ` (prediction ids ${d.predictionIds.join(', ')})` : ''}
          </li>
        ))}
      </ul>
      {duplicates.length > 10 && <p>… and {duplicates.length - 10} more (see the report)</p>}
    </div>
  );
}

/** Sent / skipped / failed with reasons, after a push or a dry run. */
export function PushSummary({ result }: { result: LsPushResult }) {
  const s = result.summary;
  return (
    <div
      data-testid="ls-push-summary"
      data-dry-run={result.dryRun}
      data-sent={s.sent}
      data-skipped={s.skipped}
      data-failed={s.failed}
      data-invalid={s.invalid}
      data-would-send={s.wouldSend}
      data-model-versions={result.modelVersions.join(',')}
      data-duplicates={result.duplicates?.length ?? ''}
    >
      <p role="status">
        {result.dryRun ? (
          <>
            <strong>Dry run</strong>: would send {s.wouldSend}, skip {s.skipped}; {s.invalid}{' '}
            invalid, {s.failed} failed. Nothing was sent.
          </>
        ) : (
          <>
            <strong>Sent {s.sent}</strong>, skipped {s.skipped}, failed {s.failed}, invalid{' '}
            {s.invalid} (of {s.total}){result.retried ? ', including the retry' : ''}.
          </>
        )}
        {result.modelVersions.length > 0 && (
          <span className="muted"> model_version {result.modelVersions.join(', ')}</span>
        )}
        {result.attachEndpoint === 'predictions' && (
          <span className="muted"> (older server: predictions sent one by one)</span>
        )}
      </p>
      {result.stopped && <LsErrorNote error={result.stopped} testId="ls-push-stopped" />}
      <Duplicates result={result} />
      {result.journalInMemory && (
        <p className="warn">
          This browser refused storage: the record of what was sent is lost on reload, so push again
          only from this tab.
        </p>
      )}
      {result.reasons.length > 0 && (
        <details open={s.failed + s.invalid > 0} className="issues" data-testid="ls-push-reasons">
          <summary>Not sent, and why</summary>
          <ul>
            {result.reasons.map((group, i) => (
              <li key={i} data-status={group.status}>
                <strong>
                  {group.count} {group.status}
                </strong>
                : {group.reason}{' '}
                <span className="muted">
                  ({group.examples.join(', ')}
                  {group.count > group.examples.length ? ', …' : ''})
                </span>
              </li>
            ))}
          </ul>
        </details>
      )}
      <DryRunPreview result={result} />
    </div>
  );
}
