import { useApp } from '../store';

function ago(ms: number): string {
  const minutes = Math.round((Date.now() - ms) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 90) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  return hours < 36 ? `${hours} h ago` : `${Math.round(hours / 24)} days ago`;
}

/** After a reload mid-run: what was running, when, how far; restore it without a re-drop. */
export function SavedRunOffer() {
  const saved = useApp((s) => s.savedRun);
  const { restoreSavedRun, discardSavedRun } = useApp.getState();
  if (!saved) return null;
  const { done, total, failed, updatedAt } = saved.progress;
  const sources = [
    saved.taskFiles.length > 0 ? saved.taskFiles.map((f) => f.path).join(', ') : '',
    saved.mediaFiles.length > 0 ? `${saved.mediaFiles.length} media files` : '',
    saved.mediaNotKept.length > 0 ? `${saved.mediaNotKept.length} media files (not kept)` : '',
  ]
    .filter(Boolean)
    .join(' + ');
  const missing = saved.mediaNotKept.length > 0 || saved.modelNotKept !== null;
  return (
    <div className="resume" role="status" data-testid="saved-run">
      <p>
        A run was interrupted (last saved {ago(updatedAt)}):{' '}
        <strong data-testid="saved-run-counts">
          {done} of {total} tasks done
        </strong>
        {failed > 0 ? `, ${failed} failed` : ''}, with {saved.modelName || 'a model'} on{' '}
        {sources || 'its tasks'}.
      </p>
      {missing && (
        <p className="warn">
          {saved.modelNotKept ? `The model ${saved.modelNotKept} ` : ''}
          {saved.modelNotKept && saved.mediaNotKept.length > 0 ? 'and ' : ''}
          {saved.mediaNotKept.length > 0 ? `${saved.mediaNotKept.length} media files ` : ''}
          were too large to keep: you will be asked to drop them again.
        </p>
      )}
      <div className="row">
        <button
          type="button"
          className="primary"
          data-testid="restore-run"
          onClick={() => void restoreSavedRun()}
        >
          Restore it
        </button>
        <button
          type="button"
          data-testid="discard-saved-run"
          onClick={() => void discardSavedRun()}
        >
          Discard
        </button>
      </div>
    </div>
  );
}
