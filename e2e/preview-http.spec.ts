// The preview shows task images from a Label Studio on plain http
// (http://localhost:8080, the usual set-up): the page's img-src allows the
// local servers, as its connect-src does.
import { expect, test } from '@playwright/test';
import { HAS_SHARED, SKIP_REASON, configFile, imageFiles } from './app/fixtures';

test.skip(!HAS_SHARED, SKIP_REASON);

test('an http://localhost:8080 task image shows in the preview', async ({ page }) => {
  const photo = imageFiles()[0]!.buffer;
  await page.context().route('http://localhost:8080/data/**', (route) =>
    route.fulfill({
      body: photo,
      headers: { 'content-type': 'image/png', 'access-control-allow-origin': '*' },
    }),
  );
  const blocked: string[] = [];
  page.on('console', (m) => {
    if (m.text().includes('Content Security Policy')) blocked.push(m.text());
  });
  await page.goto('/');
  const tasks = JSON.stringify([{ data: { image: 'http://localhost:8080/data/upload/1/a.png' } }]);
  await page
    .getByTestId('file-input')
    .setInputFiles([
      configFile(),
      { name: 'tasks.json', mimeType: 'application/json', buffer: Buffer.from(tasks) },
    ]);
  await expect(page.getByTestId('task-count')).toHaveAttribute('data-count', '1');
  const image = page.getByTestId('preview-image');
  await expect(image).toHaveAttribute('src', 'http://localhost:8080/data/upload/1/a.png');
  await expect
    .poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth))
    .toBeGreaterThan(0);
  await expect(page.getByTestId('preview-image-error')).toHaveCount(0);
  expect(blocked).toEqual([]);
});
