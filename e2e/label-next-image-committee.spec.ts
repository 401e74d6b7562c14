// Label next's committee disagreement on image tasks in Chromium: a dropped
// export with 6 annotated flower photos and 3 unlabelled ones, an ImageNet
// classifier run over them, the same classifier picked as Online learning's
// backbone, then "committee disagreement": bootstrapped dense heads on its
// features rank the 3 unlabelled photos (the annotated ones left out).
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { HAS_SHARED, SHARED_DIR, SKIP_REASON, fileFrom } from './app/fixtures';

const LABELS = ['daisy', 'roses', 'sunflowers'];
const CONFIG = `<View><Image name="image" value="$image"/><Choices name="flower" toName="image">${LABELS.map(
  (l) => `<Choice value="${l}"/>`,
).join('')}</Choices></View>`;
const FLOWERS = resolve(SHARED_DIR, 'datasets/flowers5');

test.skip(!HAS_SHARED, SKIP_REASON);

test('committee disagreement ranks unlabelled photos with heads on the backbone', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const photos = LABELS.flatMap((label) =>
    readdirSync(resolve(FLOWERS, label))
      .sort()
      .slice(0, 3)
      .map((name, k) => ({ label, path: resolve(FLOWERS, label, name), name, annotated: k < 2 })),
  );
  const tasks = photos.map((p, i) => ({
    id: i + 1,
    data: { image: p.name },
    annotations: p.annotated
      ? [
          {
            id: i + 1,
            result: [
              {
                from_name: 'flower',
                to_name: 'image',
                type: 'choices',
                value: { choices: [p.label] },
              },
            ],
          },
        ]
      : [],
  }));
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles([
    { name: 'flowers.xml', mimeType: 'application/xml', buffer: Buffer.from(CONFIG) },
    {
      name: 'export.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(tasks)),
    },
    ...photos.map((p) => fileFrom(p.path, 'image/jpeg')),
    fileFrom(resolve(SHARED_DIR, 'models/mobilenetv2-12-int8.onnx'), 'application/octet-stream'),
    fileFrom(resolve(SHARED_DIR, 'models/labels/imagenet_1000_ipne.json'), 'application/json'),
  ]);
  await expect(page.getByTestId('task-count')).toHaveAttribute('data-count', '9');
  await expect(page.getByTestId('model-status')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('progress-text')).toHaveText('9/9', { timeout: 120_000 });

  // Without a backbone it says to pick one.
  await page.getByTestId('label-next-strategy').selectOption('committee');
  await page.getByTestId('label-next-rank').click();
  await expect(page.getByTestId('label-next-error')).toContainText(
    "committee on image tasks learns on a backbone's pooled features",
  );

  await page.getByTestId('learn-backbone-loaded').click();
  await expect(page.getByTestId('learn-backbone-info')).toContainText(
    'mobilenetv2-12-int8.onnx: features from 464_quantized',
    { timeout: 60_000 },
  );
  await page.getByTestId('label-next-committee').fill('7');
  await page.getByTestId('label-next-rank').click();
  const rows = page.getByTestId('label-next-task');
  await expect(rows).toHaveCount(3, { timeout: 120_000 });
  await expect(page.getByTestId('label-next-error')).toHaveCount(0);
  const shown = await rows.evaluateAll((items) =>
    items.map((li) => ({
      taskId: Number(li.getAttribute('data-task-id')),
      certainty: Number(li.getAttribute('data-certainty')),
      text: li.textContent ?? '',
    })),
  );
  const unlabelled = tasks.filter((t) => t.annotations.length === 0).map((t) => t.id);
  expect(shown.map((t) => t.taskId).sort((a, b) => a - b)).toEqual(unlabelled);
  const certainties = shown.map((t) => t.certainty);
  expect(certainties).toEqual([...certainties].sort((a, b) => a - b));
  for (const t of shown) {
    expect(t.text).toContain('committee agreement');
    expect(t.certainty).toBeGreaterThan(0);
    expect(t.certainty).toBeLessThanOrEqual(1);
  }
});
