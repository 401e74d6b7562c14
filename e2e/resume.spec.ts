import { readFileSync } from 'node:fs';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { HAS_SHARED, SKIP_REASON, configFile, imageFiles, modelFile } from './app/fixtures';

// Runs that survive reloads, worker deaths and tab crashes (issue 6): the
// export after a resume equals the export of an uninterrupted run, a task
// that crashes the tab twice is failed and the run goes on, and re-thresholding
// after a run changes the export without running the model again.

const MODEL_TIMEOUT = 60_000;
const RUN_TIMEOUT = 120_000;

if (!HAS_SHARED) console.warn(`e2e/resume.spec.ts: ${SKIP_REASON}`);

/** Six tasks: URLs the test serves from the three photos, each image its own URL. */
const URLS = Array.from({ length: 6 }, (_, i) => `https://img.example.test/p${i}.png`);
const tasksFile = () => ({
  name: 'urls.txt',
  mimeType: 'text/plain',
  buffer: Buffer.from(URLS.join('\n')),
});

/**
 * Serves the images; `holdFrom` keeps images at or after that index
 * unanswered until release() (so a run can be caught halfway).
 */
async function serveImages(context: BrowserContext, holdFrom = Infinity) {
  const photos = imageFiles().map((f) => f.buffer);
  const requested: string[] = [];
  const held: (() => void)[] = [];
  let holding = true;
  await context.route('https://img.example.test/**', async (route) => {
    const name = new URL(route.request().url()).pathname.slice(1);
    // The engine's fetches only (the preview's <img> loads images too).
    if (route.request().resourceType() === 'fetch') requested.push(name);
    const index = Number(name.slice(1, -4));
    if (holding && index >= holdFrom) await new Promise<void>((r) => held.push(r));
    // A request of a crashed tab can no longer be answered.
    await route
      .fulfill({
        body: photos[index % photos.length]!,
        headers: { 'content-type': 'image/png', 'access-control-allow-origin': '*' },
      })
      .catch(() => undefined);
  });
  return {
    requested,
    /** Answers the oldest held request only. */
    releaseOne: () => held.shift()?.(),
    release: () => {
      holding = false;
      held.splice(0).forEach((r) => r());
    },
  };
}

/**
 * Kills the tab's renderer process, and the engine worker in it, with
 * SIGKILL, as the kernel's out-of-memory killer does. (CDP's Page.crash takes
 * the whole headless Chromium down here, its storage with it.) The app's
 * renderer is the one that used by far the most CPU: it loaded and ran the model.
 */
async function crashTab(page: Page, browser: Browser) {
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
  await cdp.detach();
  const renderer = processInfo
    .filter((p) => p.type === 'renderer')
    .sort((a, b) => b.cpuTime - a.cpuTime)[0];
  if (!renderer) throw new Error('no renderer process found');
  const crashed = page.waitForEvent('crash', { timeout: 10_000 });
  process.kill(renderer.id, 'SIGKILL');
  await crashed;
}

/** Flight records left in the journal (tasks marked in flight). */
function flightRecords(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('prelabel-runs');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const count = open.result.transaction('flights').objectStore('flights').count();
          count.onsuccess = () => {
            resolve(count.result);
            open.result.close();
          };
        };
      }),
  );
}

/** Crash counts the journal holds, over all its runs. */
function journalCrashes(page: Page): Promise<Record<string, number>[]> {
  return page.evaluate(
    () =>
      new Promise<Record<string, number>[]>((resolve, reject) => {
        const open = indexedDB.open('prelabel-runs');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('runs').objectStore('runs').getAll();
          all.onsuccess = () => {
            resolve(
              (all.result as { crashes?: Record<string, number> }[]).map((r) => r.crashes ?? {}),
            );
            open.result.close();
          };
        };
      }),
  );
}

async function dropAll(page: Page) {
  await page.getByTestId('file-input').setInputFiles([configFile(), tasksFile(), modelFile()]);
  await expect(page.getByTestId('task-count')).toHaveAttribute('data-count', '6');
  await expect(page.getByTestId('model-status')).toBeVisible({ timeout: MODEL_TIMEOUT });
}

async function exportTasks(page: Page): Promise<unknown[]> {
  const downloading = page.waitForEvent('download');
  await page.getByTestId('export-tasks-with-predictions').click();
  return JSON.parse(readFileSync(await (await downloading).path(), 'utf8')) as unknown[];
}

async function runToEnd(page: Page) {
  await expect(page.getByTestId('progress-text')).toHaveText('6/6', { timeout: RUN_TIMEOUT });
  await expect(page.getByTestId('run-progress')).toHaveAttribute('data-state', 'done');
}

/** The export of an uninterrupted run, in a fresh context (its own storage). */
async function referenceExport(browser: Browser): Promise<unknown[]> {
  const context = await browser.newContext();
  await serveImages(context);
  const page = await context.newPage();
  await page.goto('/');
  await dropAll(page);
  await page.getByTestId('run-button').click();
  await runToEnd(page);
  const tasks = await exportTasks(page);
  await context.close();
  return tasks;
}

test.describe('resumable runs', () => {
  test.skip(!HAS_SHARED, SKIP_REASON);

  test('reload mid-run → resume: done tasks are not re-run, the export equals an uninterrupted run', async ({
    page,
    context,
    browser,
  }) => {
    const reference = await referenceExport(browser);
    expect(reference).toHaveLength(6);

    const images = await serveImages(context, 3);
    await page.goto('/');
    await dropAll(page);
    await page.getByTestId('run-button').click();
    await expect(page.getByTestId('progress-text')).toHaveText('3/6', {
      timeout: RUN_TIMEOUT,
    });
    // Let the journal write its last batch (≤ 250 ms), then reload mid-run.
    await page.waitForTimeout(600);
    await page.reload();
    images.release();
    const before = images.requested.length;

    await dropAll(page);
    await expect(page.getByTestId('resume-counts')).toHaveText('3 of 6 done');
    await page.getByTestId('resume-run').click();
    await runToEnd(page);
    // Only the three unfinished images were fetched again.
    expect(images.requested.slice(before).sort()).toEqual(['p3.png', 'p4.png', 'p5.png']);
    expect(await exportTasks(page)).toEqual(reference);
    // A reload is not a crash: the task left in flight is no crash suspect.
    expect(await journalCrashes(page)).toEqual([{}]);
  });

  test('the worker dies mid-run: a new one continues and the run completes', async ({
    page,
    context,
    browser,
  }) => {
    const reference = await referenceExport(browser);
    const images = await serveImages(context, 2);
    await page.goto('/?test');
    await dropAll(page);
    await page.getByTestId('run-button').click();
    await expect(page.getByTestId('progress-text')).toHaveText('2/6', { timeout: RUN_TIMEOUT });
    await page.evaluate(() =>
      (window as unknown as { __prelabelTest: { killWorker(): void } }).__prelabelTest.killWorker(),
    );
    images.release();
    await expect(page.getByTestId('notices')).toContainText('The engine restarted');
    await runToEnd(page);
    await expect(page.getByTestId('failed-count')).toHaveText('0 failed');
    expect(await exportTasks(page)).toEqual(reference);
  });

  test('a long run replaces its worker every N tasks (memory back) and ends like an uninterrupted run', async ({
    page,
    context,
    browser,
  }) => {
    // Two worker replacements, each loading the model again: minutes on a busy 2-core machine.
    test.setTimeout(360_000);
    const reference = await referenceExport(browser);
    await serveImages(context);
    await page.goto('/');
    await dropAll(page);
    await page.getByText('Advanced run settings').click();
    await page.getByLabel(/Fresh engine worker every/).fill('2');
    await page.getByTestId('run-button').click();
    await runToEnd(page);
    await expect(page.getByTestId('failed-count')).toHaveText('0 failed');
    // After tasks 2 and 4 (or 3 and 5: the page asks for the pause when it sees the count,
    // and the worker may finish one more task first); never after the last. On a busy machine
    // the last task can also end before the page's second pause arrives: then one recycle.
    const recycles = page.getByTestId('notices').getByText(/recycled after 2 tasks/);
    await expect(recycles.first()).toBeVisible();
    expect(await recycles.count()).toBeGreaterThanOrEqual(1);
    expect(await recycles.count()).toBeLessThanOrEqual(2);
    expect(await exportTasks(page)).toEqual(reference);
  });

  test('the tab crashes twice with the same task in flight: after reloads it is failed and the run finishes', async ({
    context,
    browser,
  }) => {
    test.setTimeout(300_000);
    const reference = await referenceExport(browser);
    // Task 2's image never arrives while held: the tab dies while it is in flight.
    const images = await serveImages(context, 2);
    const page = await context.newPage();
    await page.goto('/');
    await dropAll(page);
    await page.getByTestId('run-button').click();
    await expect(page.getByTestId('progress-text')).toHaveText('2/6', { timeout: RUN_TIMEOUT });
    // Task 1's result reaches the journal (batches go out within 250 ms).
    await page.waitForTimeout(600);
    await crashTab(page, browser);

    // Reload 1: resume; task 2 counts one crash and runs alone, and kills the tab again.
    const second = await context.newPage();
    await second.goto('/');
    await dropAll(second);
    await expect(second.getByTestId('resume-counts')).toHaveText('2 of 6 done');
    await second.getByTestId('resume-run').click();
    await expect
      .poll(() => images.requested.filter((name) => name === 'p2.png').length, {
        timeout: RUN_TIMEOUT,
      })
      .toBe(2);
    await crashTab(second, browser);

    // Reload 2: task 2 is failed with the reason, the other tasks run, each once.
    images.release();
    const before = images.requested.length;
    const third = await context.newPage();
    await third.goto('/');
    await dropAll(third);
    await expect(third.getByTestId('resume-counts')).toHaveText('2 of 6 done');
    await third.getByTestId('resume-run').click();
    await runToEnd(third);
    await expect(third.getByTestId('failed-count')).toHaveText('1 failed');
    await expect(third.getByTestId('failure-list')).toContainText(
      'the tab crashed twice while this task was running (out of memory?)',
    );
    await expect(third.getByTestId('failure-list')).toContainText('p2.png');
    expect(images.requested.slice(before).sort()).toEqual(['p3.png', 'p4.png', 'p5.png']);
    const exported = (await exportTasks(third)) as { data: { image: string } }[];
    const names = exported.map((t) => t.data.image);
    expect(new Set(names).size).toBe(names.length);
    expect(exported).toEqual(reference.filter((_, i) => i !== 2));
    // A run that ended cleanly leaves no task marked in flight.
    expect(await flightRecords(third)).toBe(0);
  });

  test('changing thresholds after a run changes the export without running the model again', async ({
    page,
    context,
  }) => {
    const images = await serveImages(context);
    await page.goto('/');
    await dropAll(page);
    await page.getByTestId('run-button').click();
    await runToEnd(page);
    const loose = (await exportTasks(page)) as { predictions: { result: unknown[] }[] }[];
    const fetched = images.requested.length;

    await page.getByTestId('confidence').fill('0.8');
    await expect(page.getByTestId('rethreshold-status')).toContainText('updated', {
      timeout: 30_000,
    });
    const strict = (await exportTasks(page)) as { predictions: { result: unknown[] }[] }[];
    const regions = (tasks: typeof loose) =>
      tasks.reduce((n, t) => n + (t.predictions[0]?.result.length ?? 0), 0);
    expect(regions(strict)).toBeLessThan(regions(loose));
    expect(regions(strict)).toBeGreaterThan(0);
    // No image was fetched again: nothing was re-run.
    expect(images.requested.length).toBe(fetched);
    await expect(page.getByTestId('progress-text')).toHaveText('6/6');
  });
});

test.describe('storage', () => {
  test.skip(!HAS_SHARED, SKIP_REASON);

  test('a full storage stops the run safely and keeps what was done', async ({
    page,
    context,
    baseURL,
  }) => {
    // Three photos answer, the rest wait; then the storage is full, one more
    // photo answers, and its write fails while the next photo is still held.
    const images = await serveImages(context, 3);
    await page.goto('/');
    await dropAll(page);
    await expect(page.getByTestId('storage-info')).toContainText('of browser storage used');
    await page.getByTestId('run-button').click();
    await expect(page.getByTestId('progress-text')).toHaveText('3/6', { timeout: RUN_TIMEOUT });
    await page.waitForTimeout(600); // the journal writes its batch within 250 ms
    const cdp = await context.newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', {
      origin: new URL(baseURL!).origin,
      quotaSize: 1,
    });
    // Chromium lets IndexedDB writes use the space it last saw free for up to
    // 30 s (BucketContext::kBucketSpaceCacheTimeLimit); a lower quota binds after that.
    await page.waitForTimeout(31_000);
    images.releaseOne();
    await expect(page.getByTestId('progress-text')).toHaveText('4/6', { timeout: RUN_TIMEOUT });
    await page.waitForTimeout(3_000); // the failed write stops the run meanwhile
    images.release();
    await expect(page.getByTestId('stop-reason')).toContainText('storage for this site is full', {
      timeout: RUN_TIMEOUT,
    });
    await expect(page.getByTestId('run-progress')).toHaveAttribute('data-state', 'cancelled');
    await expect(page.getByTestId('progress-text')).not.toHaveText('6/6');
    // What was done is kept: every task the run counts as done exports its prediction.
    const done = Number((await page.getByTestId('progress-text').innerText()).split('/')[0]);
    expect(done).toBeGreaterThanOrEqual(4);
    const kept = (await exportTasks(page)) as { predictions: unknown[] }[];
    expect(kept.filter((t) => t.predictions.length === 1)).toHaveLength(done);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(baseURL!).origin });
  });
});
