// One data set's active-learning chart and figures from several partial runs
// (BENCH_ACTIVE_BATCHES / BENCH_ACTIVE_STRATEGIES / BENCH_OUT_DIR split a run
// that would not fit in one go): each run's raw results (raw["active:<kind>"]
// of its latest.json) merged, the first run given for a strategy and batch
// size winning. The runs must share seeds and data (their all-labels
// accuracies are compared). A batch size's budget is the largest of its
// runs: a result from a run with a smaller budget is exact where it reached
// the target on every seed (the curves are the same up to any budget), and
// is reported as not comparable where it did not.
//   node --import tsx bench/active/merge-runs.ts images docs/active-learning-images.svg A.json B.json …
import { readFileSync } from 'node:fs';
import {
  formatRatio,
  ratioToRandom,
  writeChart,
  type ActiveDataset,
  type StrategyResult,
} from '../active-learning';

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
  const results: (StrategyResult & { budget: number })[] = [];
  for (const run of runs) {
    for (const r of run.results) {
      if (results.some((x) => x.strategy === r.strategy && x.batch === r.batch)) continue;
      results.push({ ...r, budget: run.settings.budget });
    }
  }
  return { ...first, results };
}

/** The largest budget among a batch size's results. */
function budgetOf(d: ActiveDataset, batch: number): number {
  const budgets = (d.results as (StrategyResult & { budget?: number })[])
    .filter((r) => r.batch === batch)
    .map((r) => r.budget ?? d.settings.budget);
  return Math.max(...budgets);
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
    const budget = budgetOf(merged, batch);
    const atBudget = { ...merged, settings: { ...merged.settings, budget } };
    console.log(`batch ${batch} (budget ${budget}):`);
    for (const r of merged.results.filter((x) => x.batch === batch) as (StrategyResult & {
      budget: number;
    })[]) {
      if (r.budget < budget && r.needed.reached < r.needed.seeds) {
        console.log(`  ${r.strategy}: run with budget ${r.budget} missed a seed: not comparable`);
        continue;
      }
      const ratio = r.strategy === 'random' ? null : ratioToRandom(atBudget, r);
      const mean = r.needed.mean === null ? '—' : String(Math.round(r.needed.mean));
      console.log(
        `  ${r.strategy}: ${mean} (${r.needed.reached}/${r.needed.seeds})${ratio ? `: ${formatRatio(ratio)}` : ''}`,
      );
    }
  }
  // Where a strategy's mean curve is under random's at the same label count.
  for (const r of merged.results) {
    const random = merged.results.find((x) => x.strategy === 'random' && x.batch === r.batch);
    if (!random || r === random) continue;
    const below = r.mean.flatMap((p) => {
      const q = random.mean.find((x) => x.labels === p.labels);
      return q && p.accuracy < q.accuracy
        ? [`${p.labels}: ${(p.accuracy * 100).toFixed(1)} vs ${(q.accuracy * 100).toFixed(1)} %`]
        : [];
    });
    if (below.length > 0)
      console.log(`below random, ${r.strategy} (${r.batch}): ${below.join('; ')}`);
  }
  console.log(`chart: ${chart}`);
}

main();
