import { expect, test } from '@playwright/test';
import { HAS_SHARED, SKIP_REASON, modelFile } from './app/fixtures';
import { DIST_DIR, startStaticHost } from './app/static-host';
import { fixturesPresent } from '../test/require-fixtures';

// A static host that sends no headers (GitHub Pages): public/sw.js makes the
// page cross-origin isolated after one reload and sets the CSP, whose
// connect-src allows only our origin and the hosts the user named.

test.describe('static host without headers', () => {
  test.skip(
    !fixturesPresent('the static-host test (npx vite build)', DIST_DIR),
    `needs a build in ${DIST_DIR}`,
  );

  test('one reload makes the page isolated, under our CSP', async ({ page, context }) => {
    // Answers if asked: only the policy can stop the fetch below.
    let reached = false;
    await context.route('https://unnamed.example.test/**', (route) => {
      reached = true;
      return route.fulfill({ body: 'x', headers: { 'access-control-allow-origin': '*' } });
    });
    const { url, server } = await startStaticHost();
    try {
      const navigations: string[] = [];
      page.on('framenavigated', (frame) => {
        if (frame === page.mainFrame()) navigations.push(frame.url());
      });
      await page.goto(url);
      await expect
        .poll(() => page.evaluate(() => globalThis.crossOriginIsolated).catch(() => false), {
          timeout: 20_000,
        })
        .toBe(true);
      expect(navigations.length).toBe(2);
      expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
      // The app works: the engine worker started and sees WASM threads.
      await expect(page.getByTestId('file-input')).toBeAttached();
      // The policy came from the service worker: a fetch to an unnamed host is refused.
      const refused = await page.evaluate(async () => {
        try {
          await fetch('https://unnamed.example.test/x');
          return false;
        } catch {
          return true;
        }
      });
      expect(refused).toBe(true);
      expect(reached).toBe(false);
    } finally {
      server.close();
    }
  });

  test('a model URL the user enters is allowed, then loads', async ({ page, context }) => {
    test.skip(!HAS_SHARED, SKIP_REASON);
    const model = 'https://models.example.test/yolov8n-320.onnx';
    await context.route(model, (route) =>
      route.fulfill({
        body: modelFile().buffer,
        headers: {
          'content-type': 'application/octet-stream',
          'access-control-allow-origin': '*',
          'cross-origin-resource-policy': 'cross-origin',
        },
      }),
    );
    const { url, server } = await startStaticHost();
    try {
      await page.goto(url);
      await expect
        .poll(() => page.evaluate(() => globalThis.crossOriginIsolated).catch(() => false), {
          timeout: 20_000,
        })
        .toBe(true);
      await page.getByTestId('model-url').fill(model);
      await page.getByRole('button', { name: 'Load', exact: true }).click();
      await expect(page.getByTestId('model-status')).toContainText('yolov8n-320.onnx', {
        timeout: 90_000,
      });
      // The worker started before the host was allowed, so it was restarted with the new policy.
      await expect(page.getByTestId('notices')).toContainText('the model host was allowed');
    } finally {
      server.close();
    }
  });
});
