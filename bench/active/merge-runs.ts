// One data set's active-learning chart and figures from several partial runs
// (BENCH_ACTIVE_BATCHES / BENCH_ACTIVE_STRATEGIES / BENCH_OUT_DIR split a run
// that would not fit in one go): each run's raw results (raw["active:<kind>"]
// of its latest.json) merged, the first run given for a strategy and batch
// size winning. The runs must share seeds and data (their all-labels
// accuracies are compared). Labels needed are taken within each batch size's
// smallest budget among its runs, so random and the strategies compare on
// equal terms.
//   node --import tsx bench/active/merge-runs.ts images docs/active-learning-images.svg A.json B.json …
import { readFileSync } from 'node:fs';
import {
  formatRatio,
  ratioToRandom,
  TARGET_SHARE,
  writeChart,
  type ActiveDataset,
  type StrategyResult,
} from '../active-learning';
import { labelsNeeded, meanCurve } from './curves';

function load(path: string, kind: string): ActiveDataset {
  const saved = JSON.parse(readFileSync(path, 'utf8')) as { raw?: Record<string, unknown> };
  const d = saved.raw?.[`active:${kind}`] as ActiveDataset | undefined;
  if (!d) throw new Error(`${path} holds no raw["active:${kind}"]`);
  return d;
}

export function mergeRuns(runs: readonly ActiveDataset[]): ActiveDataset {
  const first = runs[0];
  if (!first) throw new Error('no runs to merge');
  for (const r of runs) {
    if (
      r.allLabels.join() !== first.allLabels.join() ||
      r.settings.seeds !== first.settings.seeds
    ) {
      throw new Error(
        `runs differ in seeds or data: ${r.allLabels.join()} vs ${first.allLabels.join()}`,
      );
    }
  }
  const budgetOf = new Map<number, number>();
  for (const run of runs) {
    for (const r of run.results) {
      budgetOf.set(r.batch, Math.min(budgetOf.get(r.batch) ?? Infinity, run.settings.budget));
    }
  }
  const results: StrategyResult[] = [];
  for (const run of runs) {
    for (const r of run.results) {
      if (results.some((x) => x.strategy === r.strategy && x.batch === r.batch)) continue;
      const budget = budgetOf.get(r.batch)!;
      const perSeed = r.perSeed.map((curve) => curve.filter((p) => p.labels <= budget));
      const needed = labelsNeeded(
        perSeed.map((curve, s) => ({
          curve,
          target: TARGET_SHARE * (first.allLabels[s] as number),
        })),
      );
      results.push({ ...r, perSeed, mean: meanCurve(perSeed), needed });
    }
  }
  return { ...first, results };
}

function main(): void {
  const [kind, chart, ...paths] = process.argv.slice(2);
  if (!kind || !chart || paths.length === 0) {
    throw new Error('usage: merge-runs.ts <text|images> <chart.svg> <results.json>…');
  }
  const runs = paths.map((p) => load(p, kind));
  const merged = mergeRuns(runs);
  const title =
    kind === 'text'
      ? 'SpamAssassin (ham vs spam), text learner'
      : 'flowers5 (5 classes), head on MobileNetV2-int8';
  writeChart(merged, chart, title);
  for (const batch of [...new Set(merged.results.map((r) => r.batch))]) {
    const budget = Math.min(
      ...runs
        .filter((run) => run.results.some((r) => r.batch === batch))
        .map((run) => run.settings.budget),
    );
    const atBudget = { ...merged, settings: { ...merged.settings, budget } };
    console.log(`batch ${batch} (budget ${budget}):`);
    for (const r of merged.results.filter((x) => x.batch === batch)) {
      const ratio = r.strategy === 'random' ? null : ratioToRandom(atBudget, r);
      const mean = r.needed.mean === null ? '—' : String(Math.round(r.needed.mean));
      console.log(
        `  ${r.strategy}: ${mean} (${r.needed.reached}/${r.needed.seeds})${ratio ? `: ${formatRatio(ratio)}` : ''}`,
      );
    }
  }
  console.log(`chart: ${chart}`);
}

main();
