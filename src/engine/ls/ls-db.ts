// The worker's IndexedDB database for Label Studio: the push journal (what was
// posted, so nothing is posted twice across reloads) and, only when the user
// ticks "remember on this device", the connections with their tokens.
// IndexedDB rather than localStorage: the worker has no localStorage, and the
// token should not have to cross to the page to be stored.

import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { PushJournalEntry, TokenKind } from '../../core/ls-client';

export const LS_DB_NAME = 'prelabel-label-studio';

export interface JournalRecord extends PushJournalEntry {
  /** server|project|model_version|task identity (push-plan's key). */
  key: string;
}

export interface ConnectionRecord {
  /** The API base ("http://host:8080/"): one remembered token per server. */
  server: string;
  /** The address as the user typed it. */
  url: string;
  token: string;
  tokenKind: TokenKind;
  savedAt: string;
}

export interface LsDbSchema extends DBSchema {
  'push-journal': { key: string; value: JournalRecord };
  connections: { key: string; value: ConnectionRecord };
}

export type LsDb = IDBPDatabase<LsDbSchema>;

export function openLsDb(name = LS_DB_NAME): Promise<LsDb> {
  return openDB<LsDbSchema>(name, 1, {
    upgrade(db) {
      db.createObjectStore('push-journal', { keyPath: 'key' });
      db.createObjectStore('connections', { keyPath: 'server' });
    },
  });
}
