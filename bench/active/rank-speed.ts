// Label next's ranking of BENCH_RANK_TASKS (100,000) made-up predictions,
// timed in the engine worker of the bench build (the app's own worker, over
// comlink) and in Node, with the same code (src/engine/bench/label-next-benchmark.ts).
import type { Browser } from '@playwright/test';
import {
  benchmarkLabelNext,
  type LabelNextTiming,
} from '../../src/engine/bench/label-next-benchmark';
import { openApp } from '../browser';
import { BENCH } from '../config';
import type { Report } from '../report';

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export async function rankSpeed(
  report: Report,
  app: () => Promise<{ browser: Browser; url: string }>,
): Promise<void> {
  const count = BENCH.rankTasks;
  const node = await benchmarkLabelNext(count);
  let browser: LabelNextTiming[] | null = null;
  try {
    const { browser: b, url } = await app();
    const page = await openApp(b, url);
    try {
      browser = await page.engineCall<LabelNextTiming[]>('benchmarkLabelNext', count);
    } finally {
      await page.close();
    }
  } catch (error) {
    report.note('active', `ranking in the browser's worker skipped: ${(error as Error).message}`);
  }
  report.raw['active:rank-speed'] = { count, node, browser };
  for (const n of node) {
    const w = browser?.find((x) => x.case === n.case);
    report.add({
      section: 'active',
      metric: `Label next, ${count.toLocaleString('en')} predictions held in memory: ${n.case} (engine worker in Chromium / Node)`,
      value: `${w ? seconds(w.ms) : '—'} / ${seconds(n.ms)}`,
      target: 'seconds',
    });
  }
}
