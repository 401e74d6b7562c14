import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import {
  DETECTION_CONFIG,
  HAS_SHARED,
  SKIP_REASON,
  configFile,
  imageFiles,
  modelFile,
  type Payload,
} from './app/fixtures';

// Bad input the app must name item by item while the rest goes on (issue 6);
// e2e/app.spec.ts covers broken XML, broken JSON lines, undecodable bytes,
// a missing media file and a file that is not an ONNX model.

const MODEL_TIMEOUT = 60_000;

if (!HAS_SHARED) console.warn(`e2e/bad-input.spec.ts: ${SKIP_REASON}`);

const text = (name: string, body: string, mimeType = 'text/plain'): Payload => ({
  name,
  mimeType,
  buffer: Buffer.from(body),
});

const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n');

/** A PNG whose header says 40000×40000 (1.6 gigapixels); Chromium refuses to decode it. */
function hugePng(): Buffer {
  const header = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]).copy(header, 0);
  header.write('IHDR', 12, 'latin1');
  header.writeUInt32BE(40_000, 16);
  header.writeUInt32BE(40_000, 20);
  Buffer.from([8, 2, 0, 0, 0]).copy(header, 24);
  return Buffer.concat([header, Buffer.alloc(64)]);
}

test.describe('bad input: a clear message per item, the rest goes on', () => {
  test.skip(!HAS_SHARED, SKIP_REASON);

  test('media: a 0-byte image, a PDF, a PDF named .png, an image too large to decode', async ({
    page,
  }) => {
    await page.goto('/');
    await page
      .getByTestId('file-input')
      .setInputFiles([
        configFile(),
        imageFiles()[1]!,
        { name: 'empty.png', mimeType: 'image/png', buffer: Buffer.alloc(0) },
        { name: 'notes.pdf', mimeType: 'application/pdf', buffer: PDF },
        { name: 'scan.png', mimeType: 'image/png', buffer: PDF },
        { name: 'huge.png', mimeType: 'image/png', buffer: hugePng() },
        modelFile(),
      ]);
    await expect(page.getByTestId('drop-notes')).toContainText('notes.pdf');
    await expect(page.getByTestId('import-issues')).toContainText(
      'empty.png: the file is empty (0 bytes)',
    );
    await expect(page.getByTestId('task-count')).toHaveAttribute('data-count', '3');
    await expect(page.getByTestId('model-status')).toBeVisible({ timeout: MODEL_TIMEOUT });

    await page.getByTestId('run-button').click();
    await expect(page.getByTestId('progress-text')).toHaveText('3/3', { timeout: 90_000 });
    await expect(page.getByTestId('failed-count')).toHaveText('2 failed');
    const failures = page.getByTestId('failure-list');
    await expect(failures).toContainText('scan.png');
    await expect(failures).toContainText('the file is a PDF document, not an image');
    await expect(failures).toContainText('huge.png');
    await expect(failures).toContainText('40000×40000 pixels');
    await expect(failures).toContainText('larger than this browser can decode');
  });

  test('task files: an empty file, a missing data key, a URL that 404s, a host without CORS', async ({
    page,
    context,
  }) => {
    await context.route('https://img.example.test/**', (route) =>
      route.fulfill({
        status: 404,
        body: 'not found',
        headers: { 'content-type': 'text/plain', 'access-control-allow-origin': '*' },
      }),
    );
    // A real server on another origin that answers without Access-Control-Allow-Origin
    // (a routed response would skip the browser's CORS check).
    const photo = imageFiles()[0]!.buffer;
    const server = createServer((_, res) =>
      res.writeHead(200, { 'content-type': 'image/png' }).end(photo),
    );
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const noCors = `http://127.0.0.1:${(server.address() as AddressInfo).port}/a.png`;
    const lines = [
      { image: 'astronaut.png' },
      { picture: 'astronaut.png' },
      { image: 'https://img.example.test/gone.png' },
      { image: noCors },
    ].map((t) => JSON.stringify(t));
    await page.goto('/');
    await page
      .getByTestId('file-input')
      .setInputFiles([
        configFile(),
        text('tasks.jsonl', lines.join('\n')),
        text('empty.json', '', 'application/json'),
        imageFiles()[0]!,
        modelFile(),
      ]);
    await expect(page.getByTestId('import-issues')).toContainText('empty.json');
    await expect(page.getByTestId('task-count')).toHaveAttribute('data-count', '4');
    await expect(page.getByTestId('model-status')).toBeVisible({ timeout: MODEL_TIMEOUT });

    await page.getByTestId('run-button').click();
    await expect(page.getByTestId('progress-text')).toHaveText('4/4', { timeout: 90_000 });
    await expect(page.getByTestId('failed-count')).toHaveText('3 failed');
    const failures = page.getByTestId('failure-list');
    await expect(failures).toContainText('the task has no image URL under data.image');
    await expect(failures).toContainText('HTTP 404 fetching https://img.example.test/gone.png');
    await expect(failures).toContainText(
      `could not fetch ${noCors} (network error, or the server does not allow CORS)`,
    );
    server.close();
  });

  test('a config with no control the model can fill, then labels that map to nothing', async ({
    page,
  }) => {
    const choicesOnly = `<View>
  <Image name="image" value="$image"/>
  <Choices name="quality" toName="image"><Choice value="good"/><Choice value="bad"/></Choices>
</View>`;
    await page.goto('/');
    await page
      .getByTestId('file-input')
      .setInputFiles([text('choices.xml', choicesOnly), ...imageFiles(), modelFile()]);
    await expect(page.getByTestId('model-status')).toBeVisible({ timeout: MODEL_TIMEOUT });
    await expect(page.getByTestId('no-target')).toContainText('nowhere to go');
    await expect(page.getByTestId('run-button')).toBeDisabled();

    // Now a box control, but with labels no COCO class matches.
    const unrelated = DETECTION_CONFIG.replace(/person|cat|cup/g, (l) => `${l}-shaped blob`);
    await page.getByTestId('file-input').setInputFiles([text('unrelated.xml', unrelated)]);
    await expect(page.getByTestId('no-target')).toHaveCount(0);
    await expect(page.getByTestId('mapping-summary')).toContainText('0 of 80 classes mapped');
    await expect(page.getByTestId('run-blocker')).toContainText(
      'Map at least one model class to a label.',
    );
    await expect(page.getByTestId('run-button')).toBeDisabled();
  });
});
