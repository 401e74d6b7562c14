// Where trained heads are kept: the worker's IndexedDB ("prelabel-learner"),
// one record per version with the head file's exact text (an export gives the
// same bytes, so the CLI names it with the same model_version), and the
// current version of each scope. In memory when IndexedDB is refused.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { LearnVersion } from './types';

export const LEARNER_DB_NAME = 'prelabel-learner';

export interface StoredVersion extends LearnVersion {
  scope: string;
  /** The head file's text, exactly as exported. */
  fileText: string;
}

export interface VersionStore {
  readonly persistent: boolean;
  list(scope: string): Promise<StoredVersion[]>;
  put(version: StoredVersion): Promise<void>;
  current(scope: string): Promise<number | undefined>;
  setCurrent(scope: string, id: number): Promise<void>;
}

interface LearnerSchema extends DBSchema {
  versions: { key: [string, number]; value: StoredVersion };
  current: { key: string; value: { scope: string; id: number } };
}

export class IdbVersionStore implements VersionStore {
  readonly persistent = true;
  private constructor(private readonly db: IDBPDatabase<LearnerSchema>) {}

  static async open(name = LEARNER_DB_NAME): Promise<IdbVersionStore> {
    const db = await openDB<LearnerSchema>(name, 1, {
      upgrade(d) {
        d.createObjectStore('versions', { keyPath: ['scope', 'id'] });
        d.createObjectStore('current', { keyPath: 'scope' });
      },
    });
    return new IdbVersionStore(db);
  }

  list(scope: string): Promise<StoredVersion[]> {
    return this.db.getAll('versions', IDBKeyRange.bound([scope, 0], [scope, Infinity]));
  }

  async put(version: StoredVersion): Promise<void> {
    await this.db.put('versions', version);
  }

  async current(scope: string): Promise<number | undefined> {
    return (await this.db.get('current', scope))?.id;
  }

  async setCurrent(scope: string, id: number): Promise<void> {
    await this.db.put('current', { scope, id });
  }
}

export class MemoryVersionStore implements VersionStore {
  readonly persistent = false;
  private readonly versions: StoredVersion[] = [];
  private readonly currents = new Map<string, number>();

  async list(scope: string): Promise<StoredVersion[]> {
    return this.versions.filter((v) => v.scope === scope).sort((a, b) => a.id - b.id);
  }

  async put(version: StoredVersion): Promise<void> {
    const at = this.versions.findIndex((v) => v.scope === version.scope && v.id === version.id);
    if (at >= 0) this.versions[at] = version;
    else this.versions.push(version);
  }

  async current(scope: string): Promise<number | undefined> {
    return this.currents.get(scope);
  }

  async setCurrent(scope: string, id: number): Promise<void> {
    this.currents.set(scope, id);
  }
}

/** IndexedDB, else memory (private windows and some embedded browsers refuse it). */
export async function openVersionStore(): Promise<VersionStore> {
  try {
    return await IdbVersionStore.open();
  } catch {
    return new MemoryVersionStore();
  }
}
