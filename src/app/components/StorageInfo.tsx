import { useEffect, useState } from 'react';
import {
  formatUsage,
  requestPersistentStorage,
  storageUsage,
  type PersistResult,
  type StorageUsage,
} from '../../engine-client/storage';

/** Warn when the site uses this share of its quota: runs then stop soon. */
const NEARLY_FULL = 0.9;

/**
 * The browser storage runs are saved in: asks once for persistent storage
 * (so the browser does not evict hours of work), shows usage and quota.
 * `refreshKey` changes (e.g. tasks done) refresh the figure.
 */
export function StorageInfo({ refreshKey }: { refreshKey?: number }) {
  const [persist, setPersist] = useState<PersistResult | null>(null);
  const [usage, setUsage] = useState<StorageUsage | null>(null);

  useEffect(() => {
    void requestPersistentStorage().then(setPersist);
  }, []);

  useEffect(() => {
    let live = true;
    void storageUsage().then((u) => live && setUsage(u));
    return () => {
      live = false;
    };
  }, [refreshKey]);

  if (!usage) return null;
  const full = usage.fraction >= NEARLY_FULL;
  return (
    <p
      className={full ? 'error' : 'muted'}
      data-testid="storage-info"
      data-persisted={persist ?? ''}
    >
      Saved runs: {formatUsage(usage)} of browser storage used
      {persist === 'granted'
        ? ' (kept: persistent)'
        : ' (the browser may clear it when space runs low)'}
      {full && ' — nearly full: delete old runs or free disk space, or runs will stop.'}
    </p>
  );
}
