// Tokens the user asked to keep ("remember on this device"), one per server,
// in the worker's IndexedDB. Nothing is written unless asked; connecting
// without the box ticked deletes what was kept for that server. The page only
// ever sees the list without tokens.

import type { LsSavedConnection } from './types';
import type { ConnectionRecord, LsDb } from './ls-db';

export interface ConnectionStore {
  list(): Promise<LsSavedConnection[]>;
  get(server: string): Promise<ConnectionRecord | undefined>;
  save(record: ConnectionRecord): Promise<void>;
  remove(server: string): Promise<void>;
}

function withoutToken({ token: _token, ...rest }: ConnectionRecord): LsSavedConnection {
  return rest;
}

export class IdbConnectionStore implements ConnectionStore {
  constructor(private readonly db: LsDb) {}

  async list(): Promise<LsSavedConnection[]> {
    const all = await this.db.getAll('connections');
    return all.map(withoutToken).sort((a, b) => b.savedAt.localeCompare(a.savedAt));
  }

  get(server: string): Promise<ConnectionRecord | undefined> {
    return this.db.get('connections', server);
  }

  async save(record: ConnectionRecord): Promise<void> {
    await this.db.put('connections', record);
  }

  remove(server: string): Promise<void> {
    return this.db.delete('connections', server);
  }
}

/** For tests, and when IndexedDB cannot be opened: remembers until the worker ends. */
export class MemoryConnectionStore implements ConnectionStore {
  readonly records = new Map<string, ConnectionRecord>();

  async list(): Promise<LsSavedConnection[]> {
    return [...this.records.values()].map(withoutToken);
  }

  async get(server: string): Promise<ConnectionRecord | undefined> {
    return this.records.get(server);
  }

  async save(record: ConnectionRecord): Promise<void> {
    this.records.set(record.server, { ...record });
  }

  async remove(server: string): Promise<void> {
    this.records.delete(server);
  }
}
