// Work is never lost by a drop: a task file that gives no task leaves the
// tasks and the run as they were; a class-names file goes to the model; new
// images replace or add as the user says; a file that is not a model leaves
// the working model loaded.
import { expect, test } from '@playwright/test';
import { HAS_SHARED, SKIP_REASON, configFile, imageFiles, modelFile } from './app/fixtures';
import { exportTasks } from './app/export';

const MODEL_TIMEOUT = 60_000;
const text = (name: string, body: string) => ({
  name,
  mimeType: 'text/plain',
  buffer: Buffer.from(body),
});

test.describe('drops keep work', () => {
  test.skip(!HAS_SHARED, SKIP_REASON);

  test('a failed task file, a labels file, re-dropped images and a bad model lose nothing', async ({
    page,
  }) => {
    await page.goto('/');
    const input = page.getByTestId('file-input');
    const count = page.getByTestId('task-count');
    await input.setInputFiles([configFile(), ...imageFiles(), modelFile()]);
    await expect(count).toHaveAttribute('data-count', '3');
    await expect(page.getByTestId('model-status')).toBeVisible({ timeout: MODEL_TIMEOUT });
    await page.getByTestId('run-button').click();
    await expect(page.getByTestId('progress-text')).toHaveText('3/3', { timeout: 90_000 });
    // Dropped at once: the last progress comes before the run's end (its journal's
    // last write), and a drop in between waits for that end instead of being refused.

    // A task file that gives no task: asked first (a run has results), then refused.
    await input.setInputFiles([text('tasks.json', '{"image": ')]);
    const question = page.getByTestId('drop-question');
    await expect(question).toContainText('clears the results of the last run (3 tasks)');
    await question.getByRole('button', { name: 'Replace the tasks' }).click();
    await expect(page.getByTestId('tasks-error')).toContainText('tasks.json gave no task');
    await expect(page.getByTestId('tasks-error')).toContainText('left as they were');
    await expect(count).toHaveAttribute('data-count', '3');
    expect((await exportTasks(page)).filter((t) => t.predictions.length === 1)).toHaveLength(3);

    // A class-names file after the model goes to the model, not to the tasks.
    await input.setInputFiles([text('coco-names.json', '["person", "cat", "cup"]')]);
    await expect(page.getByTestId('drop-notes')).toContainText(
      "coco-names.json read as the model's class names",
    );
    await expect(question).toHaveCount(0);
    await expect(count).toHaveAttribute('data-count', '3');
    await expect(page.getByTestId('model-status')).toBeVisible({ timeout: MODEL_TIMEOUT });

    // Re-dropping images: asked; "Keep" changes nothing, "Replace" gives exactly the new ones.
    await input.setInputFiles(imageFiles().slice(0, 2));
    await question.getByRole('button', { name: 'Keep the tasks as they are' }).click();
    await expect(count).toHaveAttribute('data-count', '3');
    await input.setInputFiles(imageFiles().slice(0, 2));
    await question.getByRole('button', { name: 'Replace the tasks' }).click();
    await expect(count).toHaveAttribute('data-count', '2');
    await input.setInputFiles(imageFiles());
    await question.getByRole('button', { name: 'Add to the tasks' }).click();
    await expect(count).toHaveAttribute('data-count', '3');

    // Not an ONNX model: the error names the file; the working model stays loaded.
    await input.setInputFiles([
      { name: 'notes.onnx', mimeType: 'application/octet-stream', buffer: Buffer.from('hello') },
    ]);
    const error = page.getByTestId('model-error');
    await expect(error).toContainText('notes.onnx');
    await expect(error).toContainText('is still loaded');
    await expect(page.getByTestId('model-status')).toContainText('yolov8n');
    // A .zip is read as a zipped model folder: a broken one is named, the model stays.
    await input.setInputFiles([
      { name: 'head.zip', mimeType: 'application/zip', buffer: Buffer.from('PK not a zip') },
    ]);
    await expect(error).toContainText('head.zip is not a readable zip');
    await expect(error).toContainText('is still loaded');
    await expect(page.getByTestId('model-status')).toContainText('yolov8n');
    await page.getByTestId('run-button').click();
    await expect(page.getByTestId('progress-text')).toHaveText('3/3', { timeout: 90_000 });
  });
});
