// The versions of the head: annotation count, quality, which is current, and
// per version "use for a run", "roll back" and "export".
import type { LearnVersion } from '../../../engine/learn/types';
import { useApp } from '../../store';

const pct = (q: number | null) => (q === null ? '—' : `${(q * 100).toFixed(1)} %`);

function method(v: LearnVersion): string {
  const q = v.quality;
  if (v.qualityPending) return 'being estimated…';
  if (q.method === 'none') return q.reason ?? 'no estimate';
  if (q.method === 'held-out') return `20 % held out (${q.examples})`;
  return q.method === 'leave-one-out' ? 'leave-one-out' : `${q.folds}-fold`;
}

export function VersionList({
  versions,
  currentId,
}: {
  versions: LearnVersion[];
  currentId: number | null;
}) {
  const busy = useApp((s) => s.learn.busy !== null);
  const { learnUse, learnRollback, learnExport } = useApp.getState();
  return (
    <div className="table-wrap">
      <table data-testid="learn-versions">
        <thead>
          <tr>
            <th>Version</th>
            <th>Annotations</th>
            <th>Accuracy</th>
            <th>Macro-F1</th>
            <th>Estimate</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {[...versions].reverse().map((v) => {
            const current = v.id === currentId;
            return (
              <tr key={v.id} data-testid={`learn-version-${v.id}`} data-current={current}>
                <th scope="row" title={v.modelVersion}>
                  {v.id}
                  {current ? ' (current)' : ''}
                  {v.origin === 'imported' ? ' imported' : ''}
                </th>
                <td>{v.annotationCount}</td>
                <td>{pct(v.quality.accuracy)}</td>
                <td>{pct(v.quality.macroF1)}</td>
                <td className="muted">{method(v)}</td>
                <td className="row">
                  <button
                    type="button"
                    disabled={busy}
                    data-testid={`learn-use-${v.id}`}
                    onClick={() => void learnUse(v.id)}
                  >
                    Use for a run
                  </button>
                  {!current && (
                    <button
                      type="button"
                      disabled={busy}
                      data-testid={`learn-rollback-${v.id}`}
                      onClick={() => void learnRollback(v.id)}
                    >
                      Roll back
                    </button>
                  )}
                  <button
                    type="button"
                    disabled={busy}
                    data-testid={`learn-export-${v.id}`}
                    onClick={() => void learnExport(v.id)}
                  >
                    Export
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
