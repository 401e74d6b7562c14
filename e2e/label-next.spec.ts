// The "Label next" panel in Chromium, against the Label Studio test server:
// load a project's tasks (one photo with nothing to find), run a real model,
// rank: the next tasks least certain first with why, a histogram of every
// task score, links that open each task in the project's Data Manager, the
// list as JSON; then push: the server's sort by prediction score is the
// panel's order. Then an image classifier: least confidence, margin and
// entropy from its class probabilities, a diversity batch with a cluster per
// task, the clusters in the export, a cluster-margin batch, and committee's
// call for a backbone on images.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { startLsTestServer, type LsTestServer } from '../test/ls-test-server';
import { exportTasks } from './app/export';
import {
  DETECTION_CONFIG,
  HAS_SHARED,
  SHARED_DIR,
  SKIP_REASON,
  fileFrom,
  modelFile,
} from './app/fixtures';

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

  test('a classifier: least confidence, margin, entropy, diversity and cluster-margin batches with clusters', async ({
    page,
  }) => {
    test.skip(!HAS_SHARED, SKIP_REASON);
    test.setTimeout(240_000);
    const config = {
      name: 'classify.xml',
      mimeType: 'application/xml',
      buffer: Buffer.from(
        `<View><Image name="image" value="$image"/><Choices name="kind" toName="image"><Choice value="Espresso"/><Choice value="Cat"/></Choices></View>`,
      ),
    };
    const photos = PHOTOS.map((name) =>
      fileFrom(resolve(SHARED_DIR, 'fixtures/images', name), 'image/png'),
    );
    await page.goto('/');
    await page
      .getByTestId('file-input')
      .setInputFiles([
        config,
        ...photos,
        fileFrom(
          resolve(SHARED_DIR, 'models/mobilenetv2-12-int8.onnx'),
          'application/octet-stream',
        ),
        fileFrom(resolve(SHARED_DIR, 'models/labels/imagenet_1000_ipne.json'), 'application/json'),
      ]);
    await expect(page.getByTestId('task-count')).toHaveAttribute('data-count', '4');
    await expect(page.getByTestId('model-status')).toBeVisible({ timeout: 60_000 });
    await page.getByTestId('run-button').click();
    await expect(page.getByTestId('progress-text')).toHaveText('4/4', { timeout: 90_000 });

    const rows = page.getByTestId('label-next-task');
    const read = () =>
      rows.evaluateAll((items) =>
        items.map((li) => ({
          index: Number(li.getAttribute('data-index')),
          score: Number(li.getAttribute('data-score')),
          certainty: Number(li.getAttribute('data-certainty')),
          cluster: li.getAttribute('data-cluster'),
          text: li.textContent ?? '',
        })),
      );
    await page.getByTestId('label-next-k').fill('4');
    const orders: Record<string, number[]> = {};
    for (const [strategy, why] of [
      ['least-confidence', 'top-class certainty'],
      ['margin', 'margin between the two likeliest classes'],
      ['entropy', 'certainty by entropy'],
    ] as const) {
      await page.getByTestId('label-next-strategy').selectOption(strategy);
      await page.getByTestId('label-next-rank').click();
      await expect(rows.first()).toContainText(why);
      await expect(page.getByTestId('label-next-summary')).not.toContainText('without class');
      const shown = await read();
      expect(shown).toHaveLength(4);
      const certainties = shown.map((t) => t.certainty);
      expect(certainties).toEqual([...certainties].sort((a, b) => a - b));
      for (const t of shown) {
        expect(t.certainty).toBeGreaterThanOrEqual(0);
        expect(t.certainty).toBeLessThanOrEqual(1);
        expect(t.text).toContain(t.certainty.toFixed(3));
      }
      orders[strategy] = shown.map((t) => t.index);
    }
    // A diversity batch of 2 on the class probabilities; every task gets the cluster of its nearest pick.
    await page.getByTestId('label-next-strategy').selectOption('diversity');
    await page.getByTestId('label-next-k').fill('2');
    await page.getByTestId('label-next-rank').click();
    await expect(rows).toHaveCount(2);
    await expect(page.getByTestId('label-next-summary')).toContainText(
      "2 clusters of the model's class probabilities",
    );
    const batch = await read();
    expect(batch.map((t) => t.cluster)).toEqual(['0', '1']);
    expect(batch[0]!.text).toContain('least certain of the pool');
    expect(batch[1]!.text).toContain('farthest from the tasks labelled or picked');
    // The pool's least certain task is the first pick.
    expect(batch[0]!.index).toBe(orders['least-confidence']![0]);

    const exported = await exportTasks(page);
    const clusters = exported.map((t) => t.predictions[0]!.cluster);
    expect(clusters.every((c) => c === 0 || c === 1)).toBe(true);
    expect(new Set(clusters).size).toBe(2);
    const byImage = new Map(exported.map((t) => [t.data.image, t.predictions[0]!.cluster]));
    const shownNames = await rows.evaluateAll((items) =>
      items.map((li) => li.querySelector('button')?.textContent ?? ''),
    );
    shownNames.forEach((name, i) => expect(byImage.get(name)).toBe(i));

    // A cluster-margin batch of 2: the 4 smallest margins in 2 clusters, one
    // pick from each; the smallest margin of all is always its cluster's first.
    await page.getByTestId('label-next-strategy').selectOption('cluster-margin');
    await page.getByTestId('label-next-rank').click();
    await expect(rows.first()).toContainText('of the 4 least certain');
    await expect(rows).toHaveCount(2);
    const clustered = await read();
    expect(clustered.map((t) => t.cluster)).toEqual(['0', '1']);
    for (const t of clustered) expect(t.text).toContain('margin between the two likeliest classes');
    expect(clustered.map((t) => t.index)).toContain(orders['margin']![0]);

    // Committee disagreement is offered, and on image tasks without a backbone says to drop one.
    await expect(page.getByTestId('label-next-committee')).toHaveCount(0);
    await page.getByTestId('label-next-strategy').selectOption('committee');
    // Its size setting shows with it: 5 heads by default, as the CLI's --committee.
    await expect(page.getByTestId('label-next-committee')).toHaveValue('5');
    await page.getByTestId('label-next-committee').fill('8');
    await expect(page.getByTestId('label-next-committee')).toHaveValue('8');
    await page.getByTestId('label-next-rank').click();
    await expect(page.getByTestId('label-next-error')).toContainText(
      "committee on image tasks learns on a backbone's pooled features: drop an ImageNet-style classifier ONNX",
    );
  });
});
