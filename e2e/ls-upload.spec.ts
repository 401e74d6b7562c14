// "Drop images → pre-labeled project" in one push: photos dropped into the
// page have no Label Studio task, so the push uploads each file into the
// connected project (it becomes a task holding /data/upload/…, as Label
// Studio's uploader does) and attaches its prediction to that task.
import { expect, test } from '@playwright/test';
import { startLsTestServer, type LsTestServer } from '../test/ls-test-server';
import {
  DETECTION_CONFIG,
  HAS_SHARED,
  IMAGE_NAMES,
  SKIP_REASON,
  imageFiles,
  modelFile,
} from './app/fixtures';

test.describe('push dropped photos into a connected project', () => {
  let server: LsTestServer | undefined;
  test.afterEach(async () => {
    await server?.close();
  });

  test('each photo is uploaded, becomes a task, and gets its prediction', async ({ page }) => {
    test.skip(!HAS_SHARED, SKIP_REASON);
    test.setTimeout(240_000);
    server = await startLsTestServer({
      projects: [{ id: 2, title: 'Empty detection', label_config: DETECTION_CONFIG }],
    });
    await page.goto('/');
    // Connect and take the project's config; the photos come from the disk.
    await page.getByTestId('ls-url').fill(server.url);
    await page.getByTestId('ls-token').fill(server.state.legacyToken);
    await page.getByTestId('ls-connect').click();
    await expect(page.getByTestId('ls-project')).toHaveValue('2');
    await page.getByTestId('ls-load-config').click();
    await expect(page.getByTestId('ls-loaded')).toBeVisible();

    await page.getByTestId('file-input').setInputFiles([...imageFiles(), modelFile()]);
    await expect(page.getByTestId('task-count')).toHaveAttribute('data-count', '3');
    await expect(page.getByTestId('model-status')).toBeVisible({ timeout: 60_000 });
    await page.getByTestId('run-button').click();
    await expect(page.getByTestId('run-progress')).toHaveAttribute('data-state', 'done', {
      timeout: 90_000,
    });
    await page.getByTestId('ls-push').click();
    const summary = page.getByTestId('ls-push-summary');
    await expect(summary).toHaveAttribute('data-sent', '3', { timeout: 90_000 });
    await expect(summary).toHaveAttribute('data-failed', '0');

    const tasks = server.state.projects.get(2)!.tasks;
    expect(tasks).toHaveLength(3);
    const names = tasks.map((t) => String(t.data.image).replace(/^.*\/[0-9a-f]{8}-/, ''));
    expect(names.sort()).toEqual([...IMAGE_NAMES].sort());
    for (const task of tasks) {
      expect(String(task.data.image)).toMatch(/^\/data\/upload\/2\/[0-9a-f]{8}-/);
      const predictions = server.state.predictionsFor(task.id);
      expect(predictions, `task ${task.id}`).toHaveLength(1);
      expect((predictions[0]!.result as unknown[]).length).toBeGreaterThan(0);
    }
  });
});
