// The app's "tasks with predictions" download, read back as a user's file.
import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';
import type { LsPrediction } from '../../src/core/results/types';

export interface ExportedTask {
  data: Record<string, unknown> & { image: string };
  predictions: LsPrediction[];
}

export async function exportTasks(page: Page): Promise<ExportedTask[]> {
  const downloading = page.waitForEvent('download');
  await page.getByTestId('export-tasks-with-predictions').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.json$/);
  return JSON.parse(readFileSync(await download.path(), 'utf8')) as ExportedTask[];
}

/** The one prediction of an exported task. */
export function predictionOf(tasks: ExportedTask[], image: string): LsPrediction {
  const task = tasks.find((t) => t.data.image === image);
  expect(task, `an exported task for ${image}`).toBeDefined();
  expect(task!.predictions).toHaveLength(1);
  return task!.predictions[0]!;
}
