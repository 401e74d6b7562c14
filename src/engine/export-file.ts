// Export items (from memory or from the run journal) → the downloadable file.
// Chunks become Blob parts: the file is never one big string, and items may
// be an async stream read page by page from IndexedDB.

import {
  exportAsAnnotations,
  exportPredictionsOnly,
  exportTasksWithPredictions,
} from '../core/export';
import type { ExportItems, ExportStream, MediaPrefix } from '../core/export';
import type { ExportFormat, ExportedFile } from './api';

const EXPORT_NAMES: Record<ExportFormat, string> = {
  'tasks-with-predictions': 'tasks-with-predictions',
  'predictions-only': 'predictions-only',
  annotations: 'tasks-with-annotations',
};

export interface ExportSource {
  items: ExportItems;
  /** Items the source will yield (tasks with a prediction). */
  itemCount: number;
  /** Tasks in the run. */
  total: number;
  modelName: string;
}

export function exportStream(
  format: ExportFormat,
  items: ExportItems,
  onSkip: (skipped: { reason: string }) => void,
  mediaPrefix?: MediaPrefix,
): ExportStream {
  if (format === 'tasks-with-predictions')
    return exportTasksWithPredictions(items, { onSkip, mediaPrefix });
  if (format === 'predictions-only') return exportPredictionsOnly(items, { onSkip });
  return exportAsAnnotations(items, { onSkip, mediaPrefix });
}

export async function exportToFile(
  format: ExportFormat,
  source: ExportSource,
  mediaPrefix?: MediaPrefix,
): Promise<ExportedFile> {
  if (source.itemCount === 0) throw new Error('no predictions to export yet: run the model first');
  const reasons: string[] = [];
  let skipped = source.total - source.itemCount;
  if (skipped > 0) reasons.push(`${skipped} tasks have no prediction (not run or failed)`);
  const stream = exportStream(
    format,
    source.items,
    ({ reason }) => {
      skipped++;
      if (reasons.length < 5 && !reasons.includes(reason)) reasons.push(reason);
    },
    mediaPrefix,
  );
  const parts: string[] = [];
  let written: number;
  for (;;) {
    const next = await stream.next();
    if (next.done) {
      written = next.value.written;
      break;
    }
    parts.push(next.value);
  }
  return {
    blob: new Blob(parts, { type: 'application/json' }),
    fileName: `${EXPORT_NAMES[format]}.${source.modelName}.json`,
    written,
    skipped,
    skippedReasons: reasons,
  };
}
