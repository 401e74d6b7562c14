// A real WebGPU device loss mid-run: Chromium's only adapter here is
// SwiftShader (software WebGPU, enabled by a flag), and crashing the GPU
// process through the DevTools protocol loses its device exactly as a driver
// reset would. The run must go on on WASM, with a notice, losing no task.
// Paused mid-run first: the model is fast enough to finish before a crash otherwise.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import config from '../playwright.config';
import { HAS_SHARED, SKIP_REASON, configFile, imageFiles, modelFile } from './app/fixtures';

const MODEL_TIMEOUT = 60_000;

if (!HAS_SHARED) console.warn(`e2e/gpu-lost.spec.ts: ${SKIP_REASON}`);

const launch = config.use?.launchOptions ?? {};
test.use({
  launchOptions: { ...launch, args: [...(launch.args ?? []), '--enable-unsafe-webgpu'] },
});

test.describe('WebGPU device lost mid-run', () => {
  test.skip(!HAS_SHARED, SKIP_REASON);

  test('the run continues on WASM with a notice and every task done', async ({ page }) => {
    test.setTimeout(240_000);
    await page.goto('/');
    const files = [configFile(), ...imageFiles(), ...imageFiles(), modelFile()];
    // Twice the three photos under other names: six tasks, so the loss lands mid-run.
    for (const [i, file] of files.entries()) {
      if (i >= 4 && i <= 6) file.name = `again-${file.name}`;
    }
    await page.getByTestId('file-input').setInputFiles(files);
    await expect(page.getByTestId('task-count')).toHaveAttribute('data-count', '6');
    await expect(page.getByTestId('model-status')).toBeVisible({ timeout: MODEL_TIMEOUT });

    // The user forces WebGPU: the software adapter is never picked on its own.
    await page.getByText('Model options').click();
    await page.getByTestId('backend-select').selectOption('webgpu');
    const backend = page.getByTestId('backend-info').first();
    await expect(backend).toHaveAttribute('data-backend', 'webgpu', { timeout: MODEL_TIMEOUT });

    // Paused mid-run, the GPU process crashes; the run then resumes.
    await page.getByTestId('run-button').click();
    await page.getByTestId('pause-button').click();
    const progress = page.getByTestId('run-progress');
    await expect(progress).toHaveAttribute('data-state', 'paused', { timeout: 60_000 });
    const doneBefore = Number((await page.getByTestId('progress-text').innerText()).split('/')[0]);
    expect(doneBefore).toBeLessThan(6);
    const cdp = await page.context().browser()!.newBrowserCDPSession();
    await cdp.send('Browser.crashGpuProcess');
    await page.getByTestId('resume-button').click();

    await expect(page.getByTestId('progress-text')).toHaveText('6/6', { timeout: 120_000 });
    await expect(page.getByTestId('failed-count')).toHaveText('0 failed');
    await expect(backend).toHaveAttribute('data-backend', 'wasm');
    // Runs fail at once on the crashed GPU; the device may report its loss later.
    await expect(page.getByTestId('backend-notice')).toContainText(
      /(The GPU device was lost|WebGPU failed during the run).*continuing on WASM \(CPU\)/,
    );

    const downloading = page.waitForEvent('download');
    await page.getByTestId('export-tasks-with-predictions').click();
    const tasks = JSON.parse(readFileSync(await (await downloading).path(), 'utf8')) as {
      data: { image: string };
      predictions: { result: { value: { rectanglelabels?: string[] } }[] }[];
    }[];
    expect(tasks).toHaveLength(6);
    // The same photo gives the same finding before and after the switch.
    const labelsOf = (image: string) =>
      tasks
        .find((t) => t.data.image === image)!
        .predictions[0]!.result.flatMap((r) => r.value.rectanglelabels ?? []);
    for (const name of ['astronaut.png', 'chelsea.png', 'coffee.png']) {
      const first = labelsOf(name);
      expect(first.length, name).toBeGreaterThan(0);
      expect(labelsOf(`again-${name}`).sort()).toEqual([...first].sort());
    }
  });
});
