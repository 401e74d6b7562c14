// The IndexedDB push journal (fake-indexeddb in Node): survives a reopen,
// preloads one project in one read, and writes batches atomically.

import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { IdbPushJournal } from './idb-push-journal';
import { openLsDb } from './ls-db';

let n = 0;
const name = () => `journal-test-${++n}`;

describe('IdbPushJournal', () => {
  it('keeps entries across a reopen (a page reload)', async () => {
    const db = name();
    const first = new IdbPushJournal(await openLsDb(db));
    await first.set('s|1|m|task:1', { state: 'uncertain', taskId: 1 });
    await first.setMany([
      ['s|1|m|task:1', { state: 'sent', taskId: 1 }],
      ['s|1|m|task:2', { state: 'failed', reason: 'HTTP 400' }],
    ]);
    const reopened = new IdbPushJournal(await openLsDb(db));
    expect(await reopened.get('s|1|m|task:1')).toEqual({ state: 'sent', taskId: 1 });
    expect(await reopened.get('s|1|m|task:2')).toEqual({ state: 'failed', reason: 'HTTP 400' });
    expect(await reopened.get('s|1|m|task:3')).toBeUndefined();
    expect(await reopened.count('s|1|')).toBe(2);
  });

  it('preloads one prefix: later reads of it come from memory, other keys from the database', async () => {
    const dbName = name();
    const db = await openLsDb(dbName);
    const writer = new IdbPushJournal(db);
    await writer.setMany([
      ['s|1|m|task:1', { state: 'sent' }],
      ['s|1|m|task:2', { state: 'uncertain' }],
      ['s|12|m|task:1', { state: 'sent' }],
      ['t|1|m|task:1', { state: 'failed' }],
    ]);
    const reader = new IdbPushJournal(await openLsDb(dbName));
    expect(await reader.preload('s|1|')).toBe(2);
    // Prove reads under the prefix no longer touch the database.
    await db.delete('push-journal', 's|1|m|task:2');
    expect(await reader.get('s|1|m|task:2')).toEqual({ state: 'uncertain' });
    expect(await reader.get('s|12|m|task:1')).toEqual({ state: 'sent' });
    expect(await reader.get('t|1|m|task:1')).toEqual({ state: 'failed' });
    await reader.set('s|1|m|task:3', { state: 'sent' });
    expect(await new IdbPushJournal(await openLsDb(dbName)).get('s|1|m|task:3')).toEqual({
      state: 'sent',
    });
  });
});
