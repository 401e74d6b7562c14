import { useApp } from '../store';

/**
 * Dropped files are exported under their bare names, which Label Studio
 * cannot open: this prefix turns them into URLs it can.
 */
export function MediaPrefixField() {
  const prefix = useApp((s) => s.mediaPrefix);
  const setPrefix = useApp((s) => s.setMediaPrefix);
  return (
    <p>
      <label>
        Media URL prefix{' '}
        <input
          type="text"
          data-testid="media-prefix"
          value={prefix}
          placeholder="/data/local-files/?d=photos/"
          onChange={(e) => setPrefix(e.target.value)}
        />
      </label>{' '}
      <span className="muted">
        Put before bare file names so Label Studio can open them: its local-files storage (
        <code>/data/local-files/?d=folder/</code>) or a bucket URL. URLs are kept as they are. Or
        push to a connected project: dropped files are uploaded with their predictions.
      </span>
    </p>
  );
}
