import { useApp } from '../store';

/** First visit: sample images, Label Studio's OCR config and the built-in OCR model, run at once. */
export function TryIt() {
  const trying = useApp((s) => s.trying);
  const error = useApp((s) => s.tryError);
  const busy = useApp(
    (s) =>
      s.trying || s.modelLoading !== null || s.runStatus === 'running' || s.runStatus === 'paused',
  );
  const tryIt = useApp((s) => s.tryIt);
  return (
    <div className="try-it">
      <button
        type="button"
        className="primary"
        data-testid="try-it"
        disabled={busy}
        onClick={() => void tryIt()}
      >
        {trying ? 'Loading the sample…' : 'Try it: read text in sample images'}
      </button>
      <span className="muted">3 sample images, the OCR config, the built-in OCR model.</span>
      {error && (
        <p className="error" role="alert" data-testid="try-error">
          {error}
        </p>
      )}
    </div>
  );
}
