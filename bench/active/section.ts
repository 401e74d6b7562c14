// `BENCH_ONLY=active npm run bench`: the active-learning section (issue 16).
// Writes docs/active-learning-{text,images}.svg and the labels-needed rows,
// and times Label next's ranking of 100,000 predictions (rank-speed.ts).
import { existsSync, mkdirSync } from 'node:fs';
import type { Browser } from '@playwright/test';
import { join } from 'node:path';
import { createRng, shuffled } from '../../src/core/random/rng';
import {
  activeBench,
  formatRatio,
  ratioToRandom,
  writeChart,
  type ActiveDataset,
  type ActiveSettings,
} from '../active-learning';
import { BENCH, MODELS_DIR, ROOT, SHARED_DIR } from '../config';
import { loadCorpus } from '../learn-text';
import type { Report } from '../report';
import type { Ratio } from './curves';
import { cachedImageFeatures } from './image-features';
import { denseLearner, textLearner } from './learners';
import { rankSpeed } from './rank-speed';

const log = (line: string) => console.log(`\n${line}`);
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

function reportDataset(report: Report, d: ActiveDataset, what: string): void {
  const all = d.allLabels.reduce((a, b) => a + b, 0) / d.allLabels.length;
  report.add({
    section: 'active',
    metric: `${what}: accuracy with all ${d.poolSize} pool labels (mean of ${d.settings.seeds} seeds, ${d.settings.testSize} held out); target = 95 % of it per seed`,
    value: `${pct(all)} → target ${pct(0.95 * all)}`,
    target: '',
  });
  for (const batch of BENCH.activeBatches) {
    let best: Ratio | null = null;
    for (const r of d.results.filter((x) => x.batch === batch)) {
      const ratio = r.strategy === 'random' ? null : ratioToRandom(d, r);
      if (ratio && ratio.bound !== 'at least' && (!best || ratio.ratio < best.ratio)) best = ratio;
      report.add({
        section: 'active',
        metric: `${what}, batches of ${batch}, ${r.strategy}: labels needed to reach 95 % of all-labels accuracy (mean over seeds that reached it; budget ${d.settings.budget})`,
        value: `${r.needed.mean === null ? 'not reached' : Math.round(r.needed.mean)} (${r.needed.reached}/${r.needed.seeds} seeds)${ratio ? `; ${formatRatio(ratio)} of random's` : ''}`,
        target: '',
      });
    }
    report.add({
      section: 'active',
      metric: `${what}, batches of ${batch}: best strategy's labels needed / random's`,
      value: best ? formatRatio(best) : 'unknown (no strategy reached the target on every seed)',
      target: '≤ 60 %',
      ...(best ? { met: best.ratio <= 0.6 } : {}),
    });
  }
}

/** Raw figures, the chart docs/active-learning-<kind>.svg and the table rows of one data set. */
function publish(
  report: Report,
  d: ActiveDataset,
  kind: 'text' | 'images',
  title: string,
  defaultPool: number,
): void {
  report.raw[`active:${kind}`] = d;
  // Another pool size (BENCH_ACTIVE_IMAGES, BENCH_ACTIVE_IMAGES_TEST…) keeps the
  // default run's chart: its own is named after the pool, e.g. -pool2000.
  const pool = d.poolSize === defaultPool ? '' : `-pool${d.poolSize}`;
  // A held-out set drawn class by class is another protocol: its own name too.
  const heldOut = d.settings.split === 'stratified' ? `-heldout${d.settings.testSize}` : '';
  // One batch size alone (BENCH_ACTIVE_BATCHES) is half a run: its chart gets its own name.
  const part = BENCH.activeBatches.length === 1 ? `-batch${BENCH.activeBatches[0]}` : '';
  // A trial (some strategies, other seeds, C or pool factor) must not replace a
  // published chart: it goes to .cache/bench/, and merge-runs.ts makes docs/ charts.
  const trial =
    !process.env.BENCH_ACTIVE_STRATEGIES &&
    BENCH.activeSeeds === 5 &&
    BENCH.activeFirstSeed === 1 &&
    BENCH.activeC === undefined &&
    BENCH.activePoolFactor === undefined
      ? null
      : join(ROOT, '.cache', 'bench');
  const chart = join(
    trial ?? join(ROOT, 'docs'),
    `active-learning-${kind}${pool}${heldOut}${part}.svg`,
  );
  if (trial) {
    mkdirSync(trial, { recursive: true });
    log(`[active] a trial run: its chart is ${chart}, not in docs/`);
  }
  writeChart(d, chart, title);
  reportDataset(report, d, d.name);
}

export async function activeSection(
  report: Report,
  app: () => Promise<{ browser: Browser; url: string }>,
): Promise<void> {
  const settings = (budget: number, testSize: number): ActiveSettings => ({
    seeds: BENCH.activeSeeds,
    firstSeed: BENCH.activeFirstSeed,
    budget: BENCH.activeBudget ?? budget,
    testSize,
    committeeSize: 3,
  });
  mkdirSync(join(ROOT, 'docs'), { recursive: true });
  if (BENCH.activeSets.includes('rank')) await rankSpeed(report, app);

  if (BENCH.activeSets.includes('text')) {
    const corpus = loadCorpus();
    const picked = shuffled(
      corpus.bodies.map((_, i) => i),
      createRng(42),
    ).slice(0, BENCH.activeTexts);
    log(`[active] hashing ${picked.length} SpamAssassin bodies once…`);
    const text = activeBench(
      'SpamAssassin',
      textLearner(
        picked.map((i) => corpus.bodies[i] as string),
        picked.map((i) => corpus.labels[i] as string),
      ),
      settings(300, 1000),
      log,
    );
    publish(report, text, 'text', 'SpamAssassin (ham vs spam), text learner', 1000);
  }
  if (!BENCH.activeSets.includes('images')) return;
  const flowers = join(SHARED_DIR, 'datasets', 'flowers5');
  if (!existsSync(flowers)) return report.note('active', `images skipped: ${flowers} absent`);
  const set = await cachedImageFeatures(
    flowers,
    join(MODELS_DIR, 'mobilenetv2-12-int8.onnx'),
    BENCH.activeImagesPerClass,
    join(ROOT, '.cache', 'active'),
    log,
  );
  const testSize = BENCH.activeImagesTest ?? Math.round(set.features.length / 5);
  if (testSize >= set.features.length - 50) {
    throw new Error(
      `BENCH_ACTIVE_IMAGES_TEST=${testSize} leaves fewer than 50 of ${set.features.length} photos for the pool`,
    );
  }
  const images = activeBench(
    'flowers5',
    denseLearner(set.features, set.labels, 'flowers5', BENCH.activeC),
    { ...settings(250, testSize), split: BENCH.activeSplit },
    log,
  );
  publish(report, images, 'images', 'flowers5 (5 classes), head on MobileNetV2-int8', 400);
}
