// A journalled run as export items: done tasks in index order, read from
// IndexedDB page by page, so a finished run can be exported again later (or
// after a reload) without re-inference and without holding it in memory.
// `unsaved` are done tasks a full disk kept out of the journal: this session
// still has them, and exports them in their place.

import type { ExportItem } from '../../core/export';
import type { ExportSource } from '../export-file';
import type { RunJournal } from './run-journal';
import type { TaskRecord } from './types';
import { withUnsaved } from './with-unsaved';

export async function* journalItems(
  journal: RunJournal,
  runId: string,
  unsaved: readonly TaskRecord[] = [],
): AsyncGenerator<ExportItem> {
  for await (const record of withUnsaved(journal.readTasks(runId, { state: 'done' }), unsaved)) {
    if (record.task && record.prediction)
      yield { task: record.task, prediction: record.prediction };
  }
}

export async function journalExportSource(
  journal: RunJournal,
  runId: string,
  unsaved: readonly TaskRecord[] = [],
): Promise<ExportSource> {
  const run = await journal.getRun(runId);
  if (!run) throw new Error('this run is no longer in the browser storage');
  const counts = await journal.counts(runId);
  return {
    items: journalItems(journal, runId, unsaved),
    itemCount: counts.done + unsaved.filter((r) => r.state === 'done').length,
    total: run.total,
    modelName: run.settings.modelName,
  };
}
