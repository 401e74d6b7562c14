// What the page says after a run that went wrong: every task failed → the
// export says so (not "run the model first"); the preview's score slider says
// it changes only the view.
import { expect, test } from '@playwright/test';
import { HAS_SHARED, SKIP_REASON, configFile, modelFile } from './app/fixtures';

test.skip(!HAS_SHARED, SKIP_REASON);

test('every task failed: export says what happened', async ({ page }) => {
  await page
    .context()
    .route('https://gone.example.test/**', (route) =>
      route.fulfill({ status: 404, headers: { 'access-control-allow-origin': '*' }, body: '' }),
    );
  await page.goto('/');
  const urls = ['a.png', 'b.png'].map((n) => `https://gone.example.test/${n}`).join('\n');
  await page
    .getByTestId('file-input')
    .setInputFiles([
      configFile(),
      { name: 'urls.txt', mimeType: 'text/plain', buffer: Buffer.from(urls) },
      modelFile(),
    ]);
  await expect(page.getByTestId('task-count')).toHaveAttribute('data-count', '2');
  await expect(page.getByTestId('model-status')).toBeVisible({ timeout: 90_000 });
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-progress')).toHaveAttribute('data-state', 'done', {
    timeout: 90_000,
  });
  await expect(page.getByTestId('failed-count')).toHaveText('2 failed');
  await expect(page.getByTestId('export-all-failed')).toContainText('Every task failed (2 of 2)');
  await expect(page.getByText('Run the model first.')).toHaveCount(0);
  await expect(page.getByTestId('export-tasks-with-predictions')).toBeDisabled();
  await expect(page.getByLabel(/view only, not the export/)).toBeVisible();
});

test('"Test connection" says why it cannot be pressed', async ({ page }) => {
  await page.goto('/');
  const button = page.getByTestId('ls-connect');
  await expect(button).toBeDisabled();
  await expect(button).toHaveAttribute('title', 'Enter the Label Studio address first.');
  await page.getByTestId('ls-url').fill('http://localhost:8080');
  await expect(page.getByTestId('ls-connect-why')).toContainText('Paste your token first');
  await page.getByTestId('ls-token').fill('abc');
  await expect(button).toBeEnabled();
  await expect(page.getByTestId('ls-connect-why')).toHaveCount(0);
});
