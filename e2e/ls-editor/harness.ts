// The real-editor check: opens a config + task with predictions in Label
// Studio's own editor (LSF 1.4.0 browser build) and reads back from its store
// what it actually built. The editor drops bad results without a word, so
// this read-back is the only reliable check (fact sheet §10).
import { expect } from '@playwright/test';
import type { ConsoleMessage, Page } from '@playwright/test';
import type { LsPrediction } from '../../src/core/results/types';
import { compareLoaded } from './compare';
import { installEditorProbe } from './in-page';
import type { ProbeWindow } from './in-page';
import { EDITOR_PAGE, installEditorRoutes } from './serve';
import type { EditorInput, LoadedPrediction } from './types';

export { fileUrl, fixtureUrl } from './serve';
export type { EditorInput, LoadedPrediction, LoadedResult } from './types';

export interface LoadOptions {
  /** How long to wait for images/audio/text to load and regions to be drawn. */
  settleTimeoutMs?: number;
}

/**
 * Loads each prediction in a fresh editor (the 1.x editor sizes only the
 * selected prediction's regions to the image, so one prediction per load) and
 * returns, per prediction and in order, what the editor built.
 */
export async function loadInEditor(
  page: Page,
  input: EditorInput,
  options: LoadOptions = {},
): Promise<LoadedPrediction[]> {
  await installEditorRoutes(page, input.files);
  const loaded: LoadedPrediction[] = [];
  for (const prediction of input.predictions) {
    loaded.push(await loadOne(page, input, prediction, options.settleTimeoutMs ?? 15_000));
  }
  return loaded;
}

// Console text can hold a stack or the editor's HTML error box: keep one readable line.
function brief(text: string): string {
  const head = text.split(/\n\s+at /)[0] ?? text;
  const plain = head
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > 300 ? `${plain.slice(0, 300)}…` : plain;
}

async function loadOne(
  page: Page,
  input: EditorInput,
  prediction: LsPrediction,
  settleTimeoutMs: number,
): Promise<LoadedPrediction> {
  const errors: string[] = [];
  const warnings: string[] = [];
  let signalError = () => {};
  const errorSeen = new Promise<void>((resolve) => (signalError = resolve));
  const onConsole = (m: ConsoleMessage) => {
    if (m.type() === 'error') {
      errors.push(`console: ${brief(m.text())}`);
      signalError();
    } else if (m.type() === 'warning') warnings.push(brief(m.text()));
  };
  const onPageError = (e: Error) => {
    errors.push(`page: ${brief(e.message)}`);
    signalError();
  };
  page.on('console', onConsole);
  page.on('pageerror', onPageError);
  try {
    await page.goto(EDITOR_PAGE);
    await page.evaluate(
      ({ config, data, prediction }) => {
        type Ctor = new (el: string, options: object) => unknown;
        const LabelStudio = (window as unknown as { LabelStudio: Ctor }).LabelStudio;
        new LabelStudio('label-studio', {
          config,
          task: { id: 1, data, predictions: [prediction] },
          interfaces: ['panel', 'side-column', 'predictions:menu', 'annotations:menu'],
        });
      },
      { config: input.config, data: input.data, prediction },
    );
    await page.evaluate(installEditorProbe);
    const settled = page
      .waitForFunction(() => (window as ProbeWindow).__lsProbe?.pending().length === 0, null, {
        timeout: settleTimeoutMs,
        polling: 100,
      })
      .then(
        () => true,
        () => false,
      );
    // An error (e.g. a mask of the wrong size) can stop the editor's drawing
    // for good, and fails the check anyway: after a short grace, read what is
    // there instead of waiting out the timeout.
    const gaveUp = errorSeen.then(() => page.waitForTimeout(1_000)).then(() => false);
    const pending = (await Promise.race([settled, gaveUp]))
      ? []
      : await page.evaluate(
          () => (window as ProbeWindow).__lsProbe?.pending() ?? ['probe missing'],
        );
    const reading = await page.evaluate(() => (window as ProbeWindow).__lsProbe!.read());
    return {
      model_version: prediction.model_version,
      regionCount: reading.regionCount,
      results: reading.results,
      pending,
      errors: [...errors, ...reading.errors.map(brief)],
      warnings,
    };
  } finally {
    page.off('console', onConsole);
    page.off('pageerror', onPageError);
  }
}

/** Fails the test, listing every difference, unless the editor loaded all of `sent` as sent. */
export function expectAllLoaded(sent: LsPrediction, loaded: LoadedPrediction | undefined): void {
  expect(loaded, `prediction ${sent.model_version} was not loaded at all`).toBeDefined();
  expect(compareLoaded(sent, loaded!), `differences for ${sent.model_version}`).toEqual([]);
}
