// Active learning's proof (issue 16): a simulated annotator on fully labelled
// data. From 20 random labels, each strategy picks batches of 10 or 50 up to a
// label budget; accuracy on a fixed held-out set after every batch; "labels
// needed to reach 95 % of the accuracy with all pool labels" per strategy.
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import {
  labelsNeeded,
  meanCurve,
  relativeToRandom,
  type CurvePoint,
  type LabelsNeeded,
  type Ratio,
} from './active/curves';
import type { SimLearner } from './active/learners';
import {
  BENCH_ONLY_STRATEGIES,
  SIM_STRATEGIES,
  accuracyOf,
  simulate,
  splitFor,
  type SimStrategy,
} from './active/simulate';
import { stratifiedSplit } from './active/stratified-split';
import { lineChart, type Series } from './active/svg-chart';
import { BENCH } from './config';

export const START_LABELS = 20;
export const BATCHES = [10, 50] as const;
/** The batch sizes simulated (BENCH_ACTIVE_BATCHES: one of them alone splits a long run in two). */
const batchesRun = (): number[] => BENCH.activeBatches;
export const TARGET_SHARE = 0.95;

export interface ActiveSettings {
  seeds: number;
  /** The first seed (unset: 1); seeds run from it, one after another. */
  firstSeed?: number;
  budget: number;
  testSize: number;
  committeeSize: number;
  /** How the held-out set is drawn (unset: random over all items). */
  split?: 'random' | 'stratified';
}

export interface StrategyResult {
  strategy: SimStrategy;
  batch: number;
  needed: LabelsNeeded;
  mean: CurvePoint[];
  perSeed: CurvePoint[][];
  seconds: number;
}

export interface ActiveDataset {
  name: string;
  items: number;
  poolSize: number;
  settings: ActiveSettings;
  /** Per seed: accuracy with every pool item labelled. */
  allLabels: number[];
  results: StrategyResult[];
}

export function activeBench(
  name: string,
  learner: SimLearner,
  settings: ActiveSettings,
  log: (line: string) => void,
): ActiveDataset {
  const items = learner.truth.length;
  const first = settings.firstSeed ?? 1;
  const splits = Array.from({ length: settings.seeds }, (_, s) =>
    settings.split === 'stratified'
      ? stratifiedSplit(learner.truth, settings.testSize, s + first)
      : splitFor(items, settings.testSize, s + first),
  );
  const allLabels = splits.map((split) => accuracyOf(learner, learner.fit(split.pool), split.test));
  log(
    `[active] ${name}: ${items} items (${settings.testSize} held out${settings.split === 'stratified' ? ', class by class' : ''}), all pool labels: ${allLabels.map((a) => (a * 100).toFixed(1)).join(', ')} %`,
  );
  const results: StrategyResult[] = [];
  for (const batch of batchesRun()) {
    const strategies: SimStrategy[] = [...SIM_STRATEGIES, ...BENCH_ONLY_STRATEGIES];
    for (const strategy of strategies.filter((x) => BENCH.activeStrategies.includes(x))) {
      const started = performance.now();
      const perSeed = splits.map((split, s) =>
        simulate(learner, split, {
          strategy,
          batch,
          start: START_LABELS,
          budget: settings.budget,
          seed: s + first,
          committeeSize: settings.committeeSize,
          ...(BENCH.activePoolFactor !== undefined ? { poolFactor: BENCH.activePoolFactor } : {}),
        }),
      );
      const needed = labelsNeeded(
        perSeed.map((curve, s) => ({ curve, target: TARGET_SHARE * (allLabels[s] as number) })),
      );
      const seconds = (performance.now() - started) / 1000;
      results.push({ strategy, batch, needed, mean: meanCurve(perSeed), perSeed, seconds });
      log(
        `[active] ${name} ${strategy} batch ${batch}: labels needed ${needed.mean?.toFixed(0) ?? '—'} (${needed.reached}/${needed.seeds} seeds), ${seconds.toFixed(0)} s`,
      );
    }
  }
  return { name, items, poolSize: items - settings.testSize, settings, allLabels, results };
}

const COLORS: Record<SimStrategy, string> = {
  random: '#000000',
  'least-confidence': '#1f77b4',
  margin: '#2ca02c',
  entropy: '#9467bd',
  committee: '#d62728',
  diversity: '#ff7f0e',
  'cluster-margin': '#17becf',
  badge: '#8c564b',
  'density-margin': '#e377c2',
  'density-entropy': '#bcbd22',
  typiclust: '#7f7f7f',
};

/** Accuracy vs labels, one line per strategy and batch size (dashed: batches of 50). */
export function writeChart(d: ActiveDataset, path: string, title: string): void {
  const series: Series[] = d.results.map((r) => ({
    name: `${r.strategy} (${r.batch})`,
    color: COLORS[r.strategy],
    dashed: r.batch !== BATCHES[0],
    points: r.mean.map((p) => ({ x: p.labels, y: p.accuracy })),
  }));
  const all = d.allLabels.reduce((a, b) => a + b, 0) / d.allLabels.length;
  writeFileSync(
    path,
    lineChart(series, {
      title: `${title}: mean of ${d.settings.seeds} seeds`,
      xLabel: 'labels',
      yLabel: `accuracy (${d.settings.testSize} held out)`,
      guides: [
        { y: all, label: `all ${d.poolSize} pool labels` },
        { y: TARGET_SHARE * all, label: '95 % of that' },
      ],
    }),
  );
}

/** Labels needed by a strategy relative to random's at the same batch size. */
export function ratioToRandom(d: ActiveDataset, r: StrategyResult): Ratio | null {
  const random = d.results.find((x) => x.strategy === 'random' && x.batch === r.batch);
  return random ? relativeToRandom(r.needed, random.needed, d.settings.budget) : null;
}

export function formatRatio(r: Ratio): string {
  const sign = r.bound === 'exact' ? '' : r.bound === 'at most' ? '≤ ' : '≥ ';
  return `${sign}${Math.round(r.ratio * 100)} %`;
}
