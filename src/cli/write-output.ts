// Streams an export to a file chunk by chunk: 100k tasks never become one string.
// Written to a temporary name and renamed at the end, so a refused or failed
// export never leaves a half file (or `[]`) where the output should be.
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import {
  exportAsAnnotations,
  exportPredictionsOnly,
  exportTasksWithPredictions,
} from '../core/export';
import type { ExportItem, ExportOptions, ExportSummary } from '../core/export';

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
  options: Pick<ExportOptions, 'mediaPrefix'> = {},
): Promise<ExportSummary> {
  const partial = `${path}.partial`;
  const out = createWriteStream(partial);
  try {
    const generator = exporters[format](items, options);
    for (;;) {
      const next = await generator.next();
      if (next.done) {
        out.end();
        await once(out, 'finish');
        await rename(partial, path);
        return next.value;
      }
      if (!out.write(next.value)) await once(out, 'drain');
    }
  } catch (error) {
    out.destroy();
    await rm(partial, { force: true });
    throw error;
  }
}
