// Section `text`, the browser rows: the tagger and stories260K through the
// app's UI against the Node predictor (browser-text.ts), as ratios of one run.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import {
  APP_MAX_TOKENS,
  PROMPTS,
  browserGeneration,
  browserTagger,
  type BrowserTextResult,
} from './browser-text';
import { BENCH } from './config';
import type { Report } from './report';
import { round } from './stats';

const ratios = (r: BrowserTextResult) =>
  `rounds ${r.rounds.map((x) => x.ratio.toFixed(2)).join(', ')}`;

function longTaskRow(report: Report, what: string, r: BrowserTextResult): void {
  const l = r.longTasks;
  report.add({
    section: 'text',
    metric: `${what}: longest main-thread task during the browser runs (cold run + ${r.rounds.length} rounds)`,
    value: `${round(l.maxMs, 0)} ms (${l.over50} tasks over 50 ms${l.longestCause ? `; ${l.longestCause}` : ''})`,
    target: '',
  });
}

export async function browserTextPart(
  report: Report,
  app: () => Promise<{ browser: Browser; url: string }>,
  tmpDir: string,
  lines: string[],
  storiesDir: string,
): Promise<void> {
  const { browser, url } = await app();
  console.log(`\n[text] built-in tagger: app UI vs Node predictor, ${BENCH.rounds} rounds…`);
  const tagger = await browserTagger(browser, url, tmpDir, lines, BENCH.rounds);
  report.raw['text:tagger-browser'] = tagger;
  report.add({
    section: 'text',
    metric: `built-in entity tagger, ${tagger.tasks} texts through the app's UI (drop config + .txt, Run → done) ÷ the same tasks through predictTextTask in Node (median of per-round ratios)`,
    value: `${tagger.ratio.toFixed(2)} (${ratios(tagger)}); browser ${round(tagger.browserTasksPerSecond, 1)} texts/s, Node ${round(tagger.nodeTasksPerSecond, 1)} texts/s`,
    target: '',
  });
  longTaskRow(report, 'built-in entity tagger', tagger);

  if (!existsSync(join(storiesDir, 'model.onnx'))) {
    report.note('text', 'browser generation skipped: ../shared/models/stories260k is absent');
    return;
  }
  console.log(`[text] stories260K: app UI vs onnxruntime-node, ${BENCH.rounds} rounds…`);
  const gen = await browserGeneration(browser, url, tmpDir, storiesDir, BENCH.rounds);
  report.raw['text:generation-browser'] = gen;
  const tokens = gen.tokens ?? 0;
  const perPass = (tasksPerSecond: number) => (tasksPerSecond * tokens) / gen.tasks;
  report.add({
    section: 'text',
    metric: `stories260K generation through the app's UI (dropped folder, ${PROMPTS.length} prompts, greedy, up to ${APP_MAX_TOKENS} new tokens: ${tokens} tokens a pass) ÷ predictTextTask on onnxruntime-node (median of per-round ratios)`,
    value: `${gen.ratio.toFixed(2)} (${ratios(gen)}); browser ${round(perPass(gen.browserTasksPerSecond), 0)} tokens/s (${gen.backend ?? '?'}), Node ${round(perPass(gen.nodeTasksPerSecond), 0)} tokens/s`,
    target: '',
  });
  if (gen.differing) {
    report.note(
      'text',
      `${gen.differing} of ${gen.tasks} browser replies differ from Node's: tokens/s counts Node's tokens`,
    );
  }
  longTaskRow(report, 'stories260K generation', gen);
}
