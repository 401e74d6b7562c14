// What was pushed, so that a retried or resumed push posts nothing twice.
// 'uncertain' is written BEFORE a request leaves: if no answer comes back
// (dropped connection, crash), the next run checks the server instead of
// posting again. Implementations: in memory (here), a JSON file (CLI), and
// IndexedDB (app).

export type PushState = 'sent' | 'uncertain' | 'failed';

export interface PushJournalEntry {
  state: PushState;
  /** Why it failed, for people. */
  reason?: string;
  /** The task the prediction went to: existing, or created by import/upload. */
  taskId?: number;
  /** ISO time of the change. */
  at?: string;
}

export interface PushJournal {
  get(key: string): Promise<PushJournalEntry | undefined>;
  set(key: string, entry: PushJournalEntry): Promise<void>;
  /** Optional: several entries in one write (a batch's worth). */
  setMany?(entries: ReadonlyArray<readonly [string, PushJournalEntry]>): Promise<void>;
}

export async function writeEntries(
  journal: PushJournal,
  entries: ReadonlyArray<readonly [string, PushJournalEntry]>,
): Promise<void> {
  if (entries.length === 0) return;
  if (journal.setMany) return journal.setMany(entries);
  for (const [key, entry] of entries) await journal.set(key, entry);
}

export class MemoryPushJournal implements PushJournal {
  readonly entries = new Map<string, PushJournalEntry>();

  async get(key: string): Promise<PushJournalEntry | undefined> {
    return this.entries.get(key);
  }

  async set(key: string, entry: PushJournalEntry): Promise<void> {
    this.entries.set(key, { ...entry });
  }

  async setMany(entries: ReadonlyArray<readonly [string, PushJournalEntry]>): Promise<void> {
    for (const [key, entry] of entries) this.entries.set(key, { ...entry });
  }
}
