// Dropped files are exported under their bare names ("receipt.png"), which
// Label Studio cannot resolve. A prefix turns them into URLs it can open:
// local-files storage ("/data/local-files/?d=images/"), a bucket or any host.

import { readDataPath, withValueAtPath } from '../config/data-path';
import type { LabelingConfig } from '../config/types';
import type { LsTask } from '../tasks/types';

export interface MediaPrefix {
  /** Put before each relative media reference, e.g. `/data/local-files/?d=images/`. */
  prefix: string;
  /** Task data paths that hold media (see mediaDataKeys). */
  dataKeys: readonly string[];
}

const ALWAYS_MEDIA = new Set(['Image', 'Audio', 'AudioPlus', 'Video']);

/** Data keys of the config's objects that load a file by URL. */
export function mediaDataKeys(config: LabelingConfig): string[] {
  const keys = config.objects
    .filter((o) => ALWAYS_MEDIA.has(o.tag) || o.attrs.valuetype?.toLowerCase() === 'url')
    .map((o) => o.dataKey)
    .filter((key): key is string => key !== undefined);
  return [...new Set(keys)];
}

/**
 * A file name or relative path ("a.png", "photos/a b.png"): no URL scheme
 * (http:, data:, s3:…), not rooted ("/data/upload/…"), not empty.
 */
export function isRelativeReference(value: string): boolean {
  return value !== '' && !/^[a-z][a-z\d+.-]*:/i.test(value) && !value.startsWith('/');
}

/** The prefix and the reference, each path segment percent-encoded (spaces, `#`, `?`, `+`). */
export function prefixedReference(prefix: string, value: string): string {
  return prefix + value.split('/').map(encodeURIComponent).join('/');
}

function prefixValue(prefix: string, value: unknown): unknown {
  if (typeof value === 'string')
    return isRelativeReference(value) ? prefixedReference(prefix, value) : value;
  if (Array.isArray(value)) return value.map((v) => prefixValue(prefix, v));
  return value;
}

/** The task with its relative media references prefixed; other values and tasks untouched. */
export function withMediaPrefix(task: LsTask, media: MediaPrefix | undefined): LsTask {
  if (!media || media.prefix === '') return task;
  let data = task.data;
  for (const key of media.dataKeys) {
    const value = readDataPath(data, key);
    const next = prefixValue(media.prefix, value);
    if (next !== value) data = withValueAtPath(data, key, next);
  }
  return data === task.data ? task : { ...task, data };
}
