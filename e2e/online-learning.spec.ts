// Online learning in the app: train a text head on a dropped Label Studio
// export's annotations (in the worker), the versions and the learning curve,
// roll back, export and import the head file, run with a version; then watch
// a project on the Label Studio test server: new annotations retrain and the
// unlabelled tasks get the new model_version; a 500 is shown and polling goes on.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { startLsTestServer, type LsTestServer } from '../test/ls-test-server';
import type { LsPrediction } from '../src/core/results/types';
import { HAS_EDITOR, NO_EDITOR } from './app/editor';
import { expectAllLoaded, loadInEditor } from './ls-editor/harness';
import { choiceAnnotation, reviewTasks, SENTIMENT_CONFIG } from '../src/engine/learn/test-fixtures';

const payload = (name: string, text: string, mimeType = 'application/json') => ({
  name,
  mimeType,
  buffer: Buffer.from(text),
});

async function train(page: Page) {
  await page.getByTestId('learn-train').click();
  await expect(page.getByTestId('learn-notes')).toBeVisible();
}

test('train on a dropped export, see versions and the curve, roll back, export, import, run', async ({
  page,
}) => {
  await page.goto('/');
  await page
    .getByTestId('file-input')
    .setInputFiles([
      payload('sentiment.xml', SENTIMENT_CONFIG, 'application/xml'),
      payload('export.json', JSON.stringify(reviewTasks(40, 30))),
    ]);
  await expect(page.getByTestId('task-count')).toHaveAttribute('data-count', '40');
  await train(page);
  await expect(page.getByTestId('learn-notes')).toContainText('on 30 annotated tasks of 40');
  await expect(page.getByTestId('learn-version-1')).toHaveAttribute('data-current', 'true');
  await expect(page.getByTestId('learn-version-1')).toContainText('30');
  const curve = page.getByTestId('learn-curve');
  await expect(curve).toHaveAttribute('data-points', /^30:[01]\.\d{3}$/);

  await train(page);
  await expect(page.getByTestId('learn-version-2')).toHaveAttribute('data-current', 'true');
  await page.getByTestId('learn-rollback-1').click();
  await expect(page.getByTestId('learn-version-1')).toHaveAttribute('data-current', 'true');

  const downloading = page.waitForEvent('download');
  await page.getByTestId('learn-export-1').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('text-tfidf-logreg@30-annotations.json');
  const headText = readFileSync(await download.path(), 'utf8');
  expect(JSON.parse(headText)).toMatchObject({
    format: 'prelabel-head',
    learner: 'text-tfidf-logreg',
    annotationCount: 30,
  });
  await page.getByTestId('learn-import').setInputFiles([payload('head.json', headText)]);
  await expect(page.getByTestId('learn-version-3')).toContainText('imported');
  await page.getByTestId('learn-import').setInputFiles([payload('broken.json', '{"format": 2}')]);
  await expect(page.getByTestId('learn-error')).toContainText('broken.json');

  await page.getByTestId('learn-use-1').click();
  await expect(page.getByTestId('model-status')).toContainText('text-tfidf-logreg@30-annotations');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-progress')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('failed-count')).toHaveText('0 failed');

  // The versions live in the worker's IndexedDB: a reload keeps them and the current one.
  await page.reload();
  await expect(page.getByTestId('learn-versions').locator('tbody tr')).toHaveCount(3);
  await expect(page.getByTestId('learn-version-3')).toHaveAttribute('data-current', 'true');
  // Versions 1 and 2 (both on 30 annotations) are on the curve; the imported one has no estimate.
  await expect(page.getByTestId('learn-curve')).toHaveAttribute(
    'data-points',
    /^30:[01]\.\d{3},30:[01]\.\d{3}$/,
  );
});

test.describe('watching a Label Studio project', () => {
  let server: LsTestServer | null = null;
  test.afterEach(async () => {
    await server?.close();
    server = null;
  });

  test('new annotations retrain and push; a server error is shown and polling goes on', async ({
    page,
  }) => {
    server = await startLsTestServer({
      projects: [
        {
          id: 1,
          title: 'Reviews',
          label_config: SENTIMENT_CONFIG,
          tasks: reviewTasks(12, 6) as never,
        },
      ],
    });
    await page.goto('/?test');
    await page.getByTestId('ls-url').fill(server.url);
    await page.getByTestId('ls-token').fill(server.state.legacyToken);
    await page.getByTestId('ls-connect').click();
    await expect(page.getByTestId('ls-project')).toHaveValue('1');
    await page.getByTestId('ls-load').click();
    await expect(page.getByTestId('ls-loaded')).toHaveAttribute('data-count', '12');

    await page.getByTestId('learn-interval').fill('600');
    await page.getByTestId('learn-watch-start').click();
    const pushed = page.getByTestId('learn-watch-pushed');
    await expect(pushed).toContainText('text-tfidf-logreg@6-annotations@');
    await expect(pushed).toContainText('to 6 unlabelled tasks');
    await expect(page.getByTestId('learn-version-1')).toBeVisible();
    expect(server.state.predictionsFor(7)).toHaveLength(1);

    // The worker dies: the page connects again and resumes the watch, which
    // neither retrains on what it learned nor pushes its version twice.
    await page.evaluate(() =>
      (window as unknown as { __prelabelTest: { killWorker(): void } }).__prelabelTest.killWorker(),
    );
    await expect(page.getByTestId('learn-watch-note')).toHaveText(
      'Watch resumed after the engine restarted.',
    );
    await expect(page.getByTestId('learn-watch-status')).toHaveAttribute('data-phase', 'waiting');
    await expect(page.getByTestId('learn-watch-status')).toContainText('2 polls');
    await expect(page.getByTestId('learn-version-2')).toHaveCount(0);
    for (let id = 7; id <= 12; id++) expect(server.state.predictionsFor(id)).toHaveLength(1);

    server.state.annotate(7, [choiceAnnotation(9007, ['Positive'])]);
    server.addFault({
      path: '/api/projects/1',
      action: { kind: 'status', status: 500 },
      times: 50,
    });
    await page.getByTestId('learn-poll-now').click();
    // The client retries a 5xx with backoff (up to ~15 s) before the poll reports it.
    await expect(page.getByTestId('learn-watch-error')).toContainText('still polling', {
      timeout: 60_000,
    });
    await expect(page.getByTestId('learn-watch-status')).toHaveAttribute('data-phase', 'waiting');

    server.faults.length = 0;
    await page.getByTestId('learn-poll-now').click();
    await expect(pushed).toContainText('text-tfidf-logreg@7-annotations@');
    await expect(page.getByTestId('learn-watch-error')).toHaveCount(0);
    await expect(page.getByTestId('learn-version-2')).toHaveAttribute('data-current', 'true');
    expect(server.state.predictionsFor(7)).toHaveLength(1);
    expect(server.state.predictionsFor(8)).toHaveLength(2);
    await page.getByTestId('learn-watch-stop').click();
    await expect(page.getByTestId('learn-watch-status')).toHaveAttribute('data-phase', 'stopped');

    // What the watch pushed loads in the real Label Studio editor, every result.
    test.skip(!HAS_EDITOR, NO_EDITOR);
    for (const id of [8, 12]) {
      const stored = server.state.predictionsFor(id).at(-1)!;
      const sent = {
        model_version: stored.model_version,
        score: stored.score,
        result: stored.result,
      } as LsPrediction;
      const [loaded] = await loadInEditor(page, {
        config: SENTIMENT_CONFIG,
        data: server.state.tasksById.get(id)!.data,
        predictions: [sent],
      });
      expectAllLoaded(sent, loaded);
    }
  });
});
