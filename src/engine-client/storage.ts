// The site's storage: ask the browser not to evict it (a 50k-task run is
// hours of work), and how much of the quota is used, for the UI. The page asks
// (StorageInfo); navigator.storage would answer in the worker too.

export type PersistResult = 'granted' | 'denied' | 'unsupported';

interface StorageLike {
  persist?: () => Promise<boolean>;
  persisted?: () => Promise<boolean>;
  estimate?: () => Promise<{ usage?: number; quota?: number }>;
}

function storageOf(nav: unknown): StorageLike | undefined {
  return (nav as { storage?: StorageLike } | undefined)?.storage;
}

/**
 * Asks for persistent storage. Chromium decides without a prompt (granted for
 * installed or often-used sites), so "denied" is common and not an error.
 */
export async function requestPersistentStorage(
  nav: unknown = globalThis.navigator,
): Promise<PersistResult> {
  const storage = storageOf(nav);
  if (!storage?.persist) return 'unsupported';
  try {
    if (storage.persisted && (await storage.persisted())) return 'granted';
    return (await storage.persist()) ? 'granted' : 'denied';
  } catch {
    return 'denied';
  }
}

export interface StorageUsage {
  usage: number;
  quota: number;
  /** usage / quota, 0..1. */
  fraction: number;
}

export async function storageUsage(
  nav: unknown = globalThis.navigator,
): Promise<StorageUsage | null> {
  const storage = storageOf(nav);
  if (!storage?.estimate) return null;
  try {
    const { usage = 0, quota = 0 } = await storage.estimate();
    return { usage, quota, fraction: quota > 0 ? usage / quota : 0 };
  } catch {
    return null;
  }
}

/** "1.2 GB of 40 GB" for the UI. */
export function formatUsage({ usage, quota }: StorageUsage): string {
  return `${formatBytes(usage)} of ${formatBytes(quota)}`;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = value < 10 && unit > 0 ? 1 : 0;
  return `${value.toFixed(digits)} ${units[unit]}`;
}
