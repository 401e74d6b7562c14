// Storage failures the engine must tell apart: a full disk stops the run
// safely (everything written so far stays), anything else is a bug or a
// browser refusing IndexedDB (private mode), which the run can live without.

export class JournalQuotaError extends Error {
  constructor(detail?: string) {
    super(
      `The browser's storage for this site is full${detail ? ` (${detail})` : ''}: the run stopped ` +
        'and everything finished so far is kept. Free space (delete old runs) and resume.',
    );
    this.name = 'JournalQuotaError';
  }
}

export class JournalUnavailableError extends Error {
  constructor(cause: unknown) {
    super(
      `Runs cannot be saved in this browser (${cause instanceof Error ? cause.message : String(cause)}): ` +
        'a reload will lose the progress.',
    );
    this.name = 'JournalUnavailableError';
  }
}

/** DOMException names and legacy codes browsers use for "no space left". */
export function isQuotaError(error: unknown): boolean {
  if (error instanceof JournalQuotaError) return true;
  if (!error || typeof error !== 'object') return false;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return (
    name === 'QuotaExceededError' ||
    name === 'NS_ERROR_DOM_QUOTA_REACHED' ||
    code === 22 ||
    code === 1014
  );
}

/** Rethrows storage errors as JournalQuotaError when they mean a full quota. */
export function asJournalError(error: unknown): unknown {
  if (error instanceof JournalQuotaError || !isQuotaError(error)) return error;
  return new JournalQuotaError(error instanceof Error ? error.message : undefined);
}
