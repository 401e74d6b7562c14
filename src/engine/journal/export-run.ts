// A journalled run as export items: done tasks in index order, read from
// IndexedDB page by page, so a finished run can be exported again later (or
// after a reload) without re-inference and without holding it in memory.

import type { ExportItem } from '../../core/export';
import type { ExportSource } from '../export-file';
import type { RunJournal } from './run-journal';

export async function* journalItems(
  journal: RunJournal,
  runId: string,
): AsyncGenerator<ExportItem> {
  for await (const record of journal.readTasks(runId, { state: 'done' })) {
    if (record.task && record.prediction)
      yield { task: record.task, prediction: record.prediction };
  }
}

export async function journalExportSource(
  journal: RunJournal,
  runId: string,
): Promise<ExportSource> {
  const run = await journal.getRun(runId);
  if (!run) throw new Error('this run is no longer in the browser storage');
  const counts = await journal.counts(runId);
  return {
    items: journalItems(journal, runId),
    itemCount: counts.done,
    total: run.total,
    modelName: run.settings.modelName,
  };
}
