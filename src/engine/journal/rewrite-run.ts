// Re-derives every done task of a journalled run from its raw candidates
// (new thresholds or mapping) and writes the new predictions back, page by
// page: the run's export then reflects the new settings with no inference.

import type { LsPrediction } from '../../core/results/types';
import type { RunJournal } from './run-journal';
import type { RunSettings, TaskRecord } from './types';

export interface Rederived {
  prediction: LsPrediction;
  exact: boolean;
}

export interface RewriteSummary {
  /** Done tasks re-derived. */
  tasks: number;
  /** Done tasks without raw candidates (left as they were). */
  withoutRaw: number;
  /** Tasks whose kept candidates could not prove the result exact. */
  inexact: number;
  /** Regions (results) over the run, after the change. */
  regions: number;
  /** Re-derived tasks whose results differ from what they had. */
  changed: number;
}

function sameResults(a: LsPrediction | undefined, b: LsPrediction): boolean {
  return a !== undefined && JSON.stringify(a.result) === JSON.stringify(b.result);
}

export async function rewriteRun(
  journal: RunJournal,
  runId: string,
  settings: RunSettings,
  derive: (record: TaskRecord) => Rederived,
  options: { pageSize?: number; onProgress?: (tasks: number) => void } = {},
): Promise<RewriteSummary> {
  const pageSize = options.pageSize ?? 256;
  const summary: RewriteSummary = { tasks: 0, withoutRaw: 0, inexact: 0, regions: 0, changed: 0 };
  let page: TaskRecord[] = [];
  const writePage = async () => {
    await journal.writeTasks(runId, page);
    page = [];
    options.onProgress?.(summary.tasks);
  };
  for await (const record of journal.readTasks(runId, { state: 'done', pageSize })) {
    if (!record.raw && !record.textRaw) {
      summary.withoutRaw++;
      summary.regions += record.prediction?.result.length ?? 0;
      continue;
    }
    const { prediction, exact } = derive(record);
    summary.tasks++;
    if (!exact) summary.inexact++;
    if (!sameResults(record.prediction, prediction)) summary.changed++;
    summary.regions += prediction.result.length;
    page.push({ ...record, prediction });
    if (page.length >= pageSize) await writePage();
  }
  if (page.length > 0) await writePage();
  await journal.updateSettings(runId, settings);
  return summary;
}
