/** An unfinished run of the same tasks and model, found in the journal. */
export interface ResumeOfferInfo {
  runId: string;
  done: number;
  failed: number;
  total: number;
  /** When it last wrote a task (ms since epoch). */
  updatedAt: number;
  /** Why it stopped, when known (full storage, too many crashes…). */
  stopReason?: string;
}

function ago(ms: number): string {
  const minutes = Math.round((Date.now() - ms) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 90) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  return hours < 36 ? `${hours} h ago` : `${Math.round(hours / 24)} days ago`;
}

export function ResumeOffer({
  offer,
  disabled,
  onResume,
  onDiscard,
}: {
  offer: ResumeOfferInfo;
  disabled?: boolean;
  onResume(): void;
  onDiscard(): void;
}) {
  const settled = offer.done + offer.failed;
  return (
    <div className="resume" role="status" data-testid="resume-offer" data-run={offer.runId}>
      <p>
        An unfinished run of these tasks with this model was found ({ago(offer.updatedAt)}):{' '}
        <strong data-testid="resume-counts">
          {offer.done} of {offer.total} done
        </strong>
        {offer.failed > 0 ? `, ${offer.failed} failed` : ''}; {offer.total - settled} to go.
      </p>
      {offer.stopReason && <p className="muted">It stopped because: {offer.stopReason}</p>}
      <div className="row">
        <button
          type="button"
          className="primary"
          data-testid="resume-run"
          disabled={disabled}
          onClick={onResume}
        >
          Resume run ({offer.done} of {offer.total} done)
        </button>
        <button type="button" data-testid="discard-run" disabled={disabled} onClick={onDiscard}>
          Start over
        </button>
      </div>
    </div>
  );
}
