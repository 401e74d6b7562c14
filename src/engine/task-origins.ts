// The web origins a run will fetch task media from: the service worker's
// connect-src allowlist must include them (the user named them, in the task
// file). Relative references are the app's own origin and are left out.

import { readDataPath } from '../core/config';
import type { LsTask } from '../core/tasks/types';

/** At most this many origins are reported (a task file rarely uses more than a few hosts). */
const MAX_ORIGINS = 50;

export function taskOrigins(tasks: readonly LsTask[], dataKey: string | undefined): string[] {
  if (!dataKey) return [];
  const origins = new Set<string>();
  for (const task of tasks) {
    const reference = readDataPath(task.data, dataKey);
    if (typeof reference !== 'string' || !/^https?:\/\//i.test(reference)) continue;
    try {
      origins.add(new URL(reference).origin);
    } catch {
      // not a URL: the run reports it per task
    }
    if (origins.size >= MAX_ORIGINS) break;
  }
  return [...origins];
}
