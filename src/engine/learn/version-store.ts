// Where trained heads are kept: the worker's IndexedDB ("prelabel-learner"),
// one record per version with the head file's exact text (an export gives the
// same bytes, so the CLI names it with the same model_version), and the
// current version of each scope. In memory when IndexedDB is refused. The
// image learner's backbone files are kept here too (by SHA-256), so a reload
// finds the backbone an image head needs without a new drop.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { LearnVersion } from './types';

export const LEARNER_DB_NAME = 'prelabel-learner';

export interface StoredVersion extends LearnVersion {
  scope: string;
  /** The head file's text, exactly as exported. */
  fileText: string;
}

/** How many backbone files stay across reloads (the ones set last; an older one is dropped again). */
export const KEPT_BACKBONES = 3;

/** A backbone file as dropped (image heads), kept across reloads. */
export interface StoredBackbone {
  sha256: string;
  name: string;
  bytes: Uint8Array;
  /** When it was last set: the newest is the one held after a reload. */
  usedAt: number;
}

export interface VersionStore {
  readonly persistent: boolean;
  /** Keeps a backbone file (absent: the store keeps none). */
  putBackbone?(backbone: StoredBackbone): Promise<void>;
  /** The backbone of that SHA-256, else (no SHA-256 given) the one set last. */
  backbone?(sha256?: string): Promise<StoredBackbone | undefined>;
  list(scope: string): Promise<StoredVersion[]>;
  put(version: StoredVersion): Promise<void>;
  current(scope: string): Promise<number | undefined>;
  setCurrent(scope: string, id: number): Promise<void>;
}

interface LearnerSchema extends DBSchema {
  versions: { key: [string, number]; value: StoredVersion };
  current: { key: string; value: { scope: string; id: number } };
  backbones: { key: string; value: StoredBackbone };
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

  /** Keeps it, and only the KEPT_BACKBONES set last: older files would fill the site's storage unseen. */
  async putBackbone(backbone: StoredBackbone): Promise<void> {
    const tx = (await this.db()).transaction('backbones', 'readwrite');
    await tx.store.put(backbone);
    const all = await tx.store.getAll();
    const older = all.sort((a, b) => b.usedAt - a.usedAt).slice(KEPT_BACKBONES);
    await Promise.all(older.map((b) => tx.store.delete(b.sha256)));
    await tx.done;
  }

  async backbone(sha256?: string): Promise<StoredBackbone | undefined> {
    if (!this.opened) return undefined;
    const db = await this.opened;
    if (sha256 !== undefined) return db.get('backbones', sha256);
    // A few files at most: the newest by the time it was set.
    const all = await db.getAll('backbones');
    return all.sort((a, b) => b.usedAt - a.usedAt)[0];
  }
}

function openLearnerDb(name: string): Promise<IDBPDatabase<LearnerSchema>> {
  return openDB<LearnerSchema>(name, 2, {
    upgrade(d, oldVersion) {
      if (oldVersion < 1) {
        d.createObjectStore('versions', { keyPath: ['scope', 'id'] });
        d.createObjectStore('current', { keyPath: 'scope' });
      }
      if (oldVersion < 2) d.createObjectStore('backbones', { keyPath: 'sha256' });
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
