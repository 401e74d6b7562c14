// The image learner's backbone file kept across reloads: its bytes go to the
// learner's IndexedDB (version-store.ts, by SHA-256) when set, and come back
// when a head or the panel needs a backbone and none is held. A file above
// the cap, a full storage or no IndexedDB: held in memory only, and the
// backbone's info says why.
import type { StoredBackbone, VersionStore } from './version-store';

/** Backbones above this are not kept (an ImageNet classifier is a few MB; this is storage quota's business). */
export const BACKBONE_KEEP_MAX_BYTES = 200 * 1024 * 1024;

export type KeptNote = { kept: true } | { kept: false; notKept: string };

function mb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(0)} MB`;
}

/** A write refused for want of space (Chrome and Firefox name it so; some abort the transaction with it). */
function isQuotaError(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  const inner = (error as { target?: { error?: { name?: unknown } } } | null)?.target?.error?.name;
  return name === 'QuotaExceededError' || inner === 'QuotaExceededError';
}

export class BackboneKeeper {
  constructor(
    private readonly store: () => Promise<VersionStore>,
    private readonly maxBytes = BACKBONE_KEEP_MAX_BYTES,
    private readonly now: () => number = Date.now,
  ) {}

  /** Keeps the file; never throws (the backbone works in memory whatever happens here). */
  async keep(bytes: Uint8Array, name: string, sha256: string): Promise<KeptNote> {
    const memoryOnly = (why: string): KeptNote => ({
      kept: false,
      notKept: `${name} is held in memory only (${why}): after a reload, drop it again`,
    });
    if (bytes.length > this.maxBytes) {
      return memoryOnly(`${mb(bytes.length)}, above the ${mb(this.maxBytes)} kept across reloads`);
    }
    try {
      const store = await this.store();
      if (!store.putBackbone) return memoryOnly('this browser gives the worker no IndexedDB');
      await store.putBackbone({ sha256, name, bytes: bytes.slice(), usedAt: this.now() });
      return { kept: true };
    } catch (error) {
      if (isQuotaError(error)) return memoryOnly("the browser's storage for this site is full");
      return memoryOnly(`IndexedDB refused it: ${(error as Error).message}`);
    }
  }

  /** The kept file of that SHA-256, else the one set last; undefined when none (reading creates nothing). */
  async find(sha256?: string): Promise<StoredBackbone | undefined> {
    try {
      const store = await this.store();
      return await store.backbone?.(sha256);
    } catch {
      return undefined;
    }
  }
}
