// Streams an export to a file chunk by chunk: 100k tasks never become one string.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import {
  exportAsAnnotations,
  exportPredictionsOnly,
  exportTasksWithPredictions,
} from '../core/export';
import type { ExportItem, ExportSummary } from '../core/export';

export type ExportFormatName = 'tasks' | 'predictions' | 'annotations';

const exporters = {
  tasks: exportTasksWithPredictions,
  predictions: exportPredictionsOnly,
  annotations: exportAsAnnotations,
};

export async function writeExport(
  path: string,
  format: ExportFormatName,
  items: ExportItem[],
): Promise<ExportSummary> {
  const out = createWriteStream(path);
  const generator = exporters[format](items);
  for (;;) {
    const next = await generator.next();
    if (next.done) {
      out.end();
      await once(out, 'finish');
      return next.value;
    }
    if (!out.write(next.value)) await once(out, 'drain');
  }
}
