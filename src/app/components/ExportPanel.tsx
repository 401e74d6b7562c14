import type { ExportFormat } from '../../engine/api';
import { useApp } from '../store';
import { MediaPrefixField } from './media-prefix-field';

const FORMATS: { format: ExportFormat; title: string; help: string }[] = [
  {
    format: 'tasks-with-predictions',
    title: 'Tasks with predictions',
    help: 'Import into a Label Studio project: your tasks with the pre-labels as predictions.',
  },
  {
    format: 'predictions-only',
    title: 'Predictions only',
    help: 'For tasks already in Label Studio (needs task ids): POST to /import/predictions.',
  },
  {
    format: 'annotations',
    title: 'As annotations',
    help: 'Auto-labeling: the pre-labels become annotations instead of predictions.',
  },
];

export function ExportPanel() {
  const exporting = useApp((s) => s.exporting);
  const note = useApp((s) => s.exportNote);
  const error = useApp((s) => s.exportError);
  const ready = useApp((s) => s.runStatus === 'done' || s.runStatus === 'cancelled');
  const exportAs = useApp((s) => s.exportAs);

  return (
    <section className="panel" aria-labelledby="export-title">
      <h2 id="export-title">9. Export</h2>
      {!ready && <p className="muted">Run the model first.</p>}
      <MediaPrefixField />
      <ul className="export-list">
        {FORMATS.map(({ format, title, help }) => (
          <li key={format}>
            <button
              type="button"
              data-testid={`export-${format}`}
              disabled={!ready || exporting !== null}
              onClick={() => void exportAs(format)}
            >
              {exporting === format ? 'Preparing…' : `Download: ${title}`}
            </button>{' '}
            <span className="muted">{help}</span>
          </li>
        ))}
      </ul>
      {error && (
        <p className="error" role="alert" data-testid="export-error">
          {error}
        </p>
      )}
      {note && (
        <p role="status" data-testid="export-note">
          {note.fileName}: {note.written} record{note.written === 1 ? '' : 's'}
          {note.skipped > 0 ? `; ${note.skipped} left out (${note.reasons.join('; ')})` : ''}
        </p>
      )}
    </section>
  );
}
