// The push journal in IndexedDB, so a reload, a crash or a retry the next day
// never posts a prediction twice. A push first preloads its project's entries
// in one read (100k single reads would take minutes), then reads from memory;
// every write goes to IndexedDB before the push moves on.

import type { PushJournal, PushJournalEntry } from '../../core/ls-client';
import type { JournalRecord, LsDb } from './ls-db';

export class IdbPushJournal implements PushJournal {
  private readonly cache = new Map<string, PushJournalEntry>();
  private readonly preloaded: string[] = [];

  constructor(private readonly db: LsDb) {}

  /** Reads every entry whose key starts with `prefix` ("server|project|") into memory. */
  async preload(prefix: string): Promise<number> {
    if (this.preloaded.some((p) => prefix.startsWith(p))) return this.cache.size;
    const range = IDBKeyRange.bound(prefix, `${prefix}\uffff`);
    const records = await this.db.getAll('push-journal', range);
    for (const { key, ...entry } of records) this.cache.set(key, entry);
    this.preloaded.push(prefix);
    return records.length;
  }

  async get(key: string): Promise<PushJournalEntry | undefined> {
    const cached = this.cache.get(key);
    if (cached || this.preloaded.some((p) => key.startsWith(p))) return cached;
    const record = await this.db.get('push-journal', key);
    if (!record) return undefined;
    const { key: _key, ...entry } = record;
    return entry;
  }

  set(key: string, entry: PushJournalEntry): Promise<void> {
    return this.setMany([[key, entry]]);
  }

  /** One transaction per batch: a batch's entries land together or not at all. */
  async setMany(entries: ReadonlyArray<readonly [string, PushJournalEntry]>): Promise<void> {
    if (entries.length === 0) return;
    const tx = this.db.transaction('push-journal', 'readwrite');
    const writes = entries.map(([key, entry]) => {
      const record: JournalRecord = { ...entry, key };
      return tx.store.put(record);
    });
    await Promise.all([...writes, tx.done]);
    for (const [key, entry] of entries) this.cache.set(key, { ...entry });
  }

  /** Entries under `prefix` (all when empty), e.g. to show "journal: 812 earlier entries". */
  count(prefix = ''): Promise<number> {
    if (prefix === '') return this.db.count('push-journal');
    return this.db.count('push-journal', IDBKeyRange.bound(prefix, `${prefix}\uffff`));
  }
}
