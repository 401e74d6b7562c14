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

/**
 * The database is created by the first write, not by reading: the page asks
 * for the learner's state whenever tasks change, and a project that never
 * trains should not get a database (nor spend the site's storage on one).
 */
export class IdbVersionStore implements VersionStore {
  readonly persistent = true;
  private opened: Promise<IDBPDatabase<LearnerSchema>> | null;

  private constructor(
    private readonly name: string,
    existing: IDBPDatabase<LearnerSchema> | null,
  ) {
    this.opened = existing ? Promise.resolve(existing) : null;
  }

  static async open(name = LEARNER_DB_NAME): Promise<IdbVersionStore> {
    const known = await indexedDB.databases?.().catch(() => undefined);
    // Without a list of databases (older browsers), open it as before.
    const exists = !known || known.some((d) => d.name === name);
    return new IdbVersionStore(name, exists ? await openLearnerDb(name) : null);
  }

  private db(): Promise<IDBPDatabase<LearnerSchema>> {
    this.opened ??= openLearnerDb(this.name);
    return this.opened;
  }

  async list(scope: string): Promise<StoredVersion[]> {
    if (!this.opened) return [];
    const db = await this.opened;
    return db.getAll('versions', IDBKeyRange.bound([scope, 0], [scope, Infinity]));
  }

  async put(version: StoredVersion): Promise<void> {
    await (await this.db()).put('versions', version);
  }

  async current(scope: string): Promise<number | undefined> {
    if (!this.opened) return undefined;
    return (await (await this.opened).get('current', scope))?.id;
  }

  async setCurrent(scope: string, id: number): Promise<void> {
    await (await this.db()).put('current', { scope, id });
  }
}

function openLearnerDb(name: string): Promise<IDBPDatabase<LearnerSchema>> {
  return openDB<LearnerSchema>(name, 1, {
    upgrade(d) {
      d.createObjectStore('versions', { keyPath: ['scope', 'id'] });
      d.createObjectStore('current', { keyPath: 'scope' });
    },
  });
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
