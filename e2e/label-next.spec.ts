// The "Label next" panel in Chromium, against the Label Studio test server:
// load a project's tasks (one photo with nothing to find), run a real model,
// rank: the next tasks least certain first with why, a histogram of every
// task score, links that open each task in the project's Data Manager, the
// list as JSON; then push: the server's sort by prediction score is the
// panel's order.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { startLsTestServer, type LsTestServer } from '../test/ls-test-server';
import { DETECTION_CONFIG, HAS_SHARED, SHARED_DIR, SKIP_REASON, modelFile } from './app/fixtures';

const PHOTOS = ['astronaut.png', 'chelsea.png', 'coffee.png', 'text.png'];

test.describe('Label next panel', () => {
  let server: LsTestServer | undefined;
  test.afterEach(async () => {
    await server?.close();
  });

  test('ranks the predicted tasks, links them into Label Studio, exports the list; the push keeps the order', async ({
    page,
  }) => {
    test.skip(!HAS_SHARED, SKIP_REASON);
    test.setTimeout(240_000);
    server = await startLsTestServer({
      projects: [
        {
          id: 1,
          title: 'Detection',
          label_config: DETECTION_CONFIG,
          tasks: PHOTOS.map((name) => ({ data: { image: `/data/upload/1/${name}` } })),
        },
      ],
      uploads: Object.fromEntries(
        PHOTOS.map((name) => [
          `1/${name}`,
          new Uint8Array(readFileSync(resolve(SHARED_DIR, 'fixtures/images', name))),
        ]),
      ),
    });
    await page.goto('/');
    await page.getByTestId('ls-url').fill(server.url);
    await page.getByTestId('ls-token').fill(server.state.legacyToken);
    await page.getByTestId('ls-connect').click();
    await expect(page.getByTestId('ls-project')).toHaveValue('1');
    await page.getByTestId('ls-load').click();
    await expect(page.getByTestId('task-count')).toHaveAttribute('data-count', '4');

    await expect(page.getByTestId('label-next-rank')).toBeDisabled();
    await page.getByTestId('file-input').setInputFiles([modelFile()]);
    await expect(page.getByTestId('model-status')).toBeVisible({ timeout: 60_000 });
    await page.getByTestId('run-button').click();
    await expect(page.getByTestId('run-progress')).toHaveAttribute('data-state', 'done', {
      timeout: 90_000,
    });

    await page.getByTestId('label-next-k').fill('3');
    await page.getByTestId('label-next-rank').click();
    const rows = page.getByTestId('label-next-task');
    await expect(rows).toHaveCount(3);
    await expect(page.getByTestId('label-next-summary')).toHaveAttribute('data-predicted', '4');
    // Every task is scored, the photo with nothing found too: the histogram counts all four.
    const counts = (await page.getByTestId('label-next-histogram').getAttribute('data-counts'))!
      .split(',')
      .map(Number);
    expect(counts).toHaveLength(10);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(4);

    const shown = await rows.evaluateAll((items) =>
      items.map((li) => ({
        taskId: Number(li.getAttribute('data-task-id')),
        score: Number(li.getAttribute('data-score')),
        href: li.querySelector('a')?.getAttribute('href'),
        text: li.textContent ?? '',
      })),
    );
    const scores = shown.map((t) => t.score);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    for (const t of shown) {
      expect(t.href).toBe(new URL(`projects/1/data?task=${t.taskId}`, `${server.url}/`).href);
      expect(t.text).toContain(`prediction score ${t.score.toFixed(3)}`);
    }

    // New settings re-derive the run without inference; the shown list ranks again.
    await page.getByTestId('confidence').fill('0.5');
    await expect(page.getByTestId('rethreshold-status')).toHaveAttribute('data-state', 'updated', {
      timeout: 30_000,
    });
    await expect
      .poll(async () =>
        (
          await rows.evaluateAll((items) => items.map((li) => li.getAttribute('data-score')))
        ).join(),
      )
      .not.toBe(shown.map((t) => String(t.score)).join());
    const reranked = await rows.evaluateAll((items) =>
      items.map((li) => ({
        taskId: Number(li.getAttribute('data-task-id')),
        score: Number(li.getAttribute('data-score')),
      })),
    );
    const rescores = reranked.map((t) => t.score);
    expect(rescores).toEqual([...rescores].sort((a, b) => a - b));

    const downloading = page.waitForEvent('download');
    await page.getByTestId('label-next-export').click();
    const exported = JSON.parse(readFileSync(await (await downloading).path(), 'utf8')) as {
      tasks: { rank: number; task: number; score: number }[];
    };
    expect(exported.tasks.map((t) => t.task)).toEqual(reranked.map((t) => t.taskId));
    expect(exported.tasks.map((t) => t.score)).toEqual(rescores);

    // Push: the scores (of the re-derived run) arrive as the panel ranked them.
    await page.getByTestId('ls-push').click();
    await expect(page.getByTestId('ls-push-summary')).toHaveAttribute('data-sent', '4', {
      timeout: 90_000,
    });
    const stored = server.state.projects
      .get(1)!
      .tasks.map((t) => ({ task: t.id, score: server!.state.predictionsFor(t.id)[0]!.score! }));
    const byScore = [...stored].sort((a, b) => a.score - b.score).map((p) => p.task);
    expect(byScore.slice(0, 3)).toEqual(reranked.map((t) => t.taskId));
    for (const t of reranked) {
      expect(stored.find((p) => p.task === t.taskId)!.score).toBeCloseTo(t.score, 9);
    }
  });
});
