// Bench-only: Label next's ranking of many predictions, timed where it runs
// (the engine worker of a bench build, see worker.ts) and in Node with the
// same code (bench/active/rank-speed.ts). The predictions are made up here,
// deterministic for a count: a 5-class classifier's distributions, or short
// texts from a 2,000-word vocabulary; they are held in memory, so the time is
// the ranking's, not IndexedDB's.
import type { LabelNextOptions } from '../../core/active/label-next';
import { createRng } from '../../core/random/rng';
import type { LsPrediction } from '../../core/results/types';
import { RankEvidence, rankLabelNext, type LabelNextSource } from '../label-next-run';

export interface LabelNextTiming {
  case: string;
  tasks: number;
  ms: number;
  /** Tasks in the list, and tasks given a cluster. */
  shown: number;
  clustered: number;
}

const CLASSES = 5;
const VOCABULARY = 2000;

function syntheticSource(count: number, texts: boolean): LabelNextSource {
  const rng = createRng(count);
  const evidence = new RankEvidence();
  const predictions: LsPrediction[] = [];
  const words: string[] = [];
  for (let i = 0; i < count; i++) {
    const raw = Float32Array.from({ length: CLASSES }, () => rng.float() ** 3);
    const sum = raw.reduce((a, b) => a + b, 0) || 1;
    for (let c = 0; c < CLASSES; c++) raw[c] = (raw[c] as number) / sum;
    if (!texts) evidence.note(i, raw, CLASSES);
    predictions.push({ model_version: 'bench', score: Math.max(...raw), result: [] });
    if (texts) {
      const length = 8 + rng.int(0, 16);
      // Zipf-like: low word numbers are common, as in real text.
      words.push(
        Array.from({ length }, () => `w${Math.floor(VOCABULARY * rng.float() ** 3)}`).join(' '),
      );
    }
  }
  return {
    async *entries() {
      for (let i = 0; i < predictions.length; i++) yield [i, predictions[i]!] as const;
    },
    taskId: (i) => i + 1,
    name: (i) => `task ${i + 1}`,
    evidence,
    ...(texts ? { textOf: (i: number) => words[i] } : {}),
  };
}

const CASES: { case: string; texts: boolean; options: LabelNextOptions }[] = [
  { case: 'score, next 50', texts: false, options: { strategy: 'score', k: 50 } },
  { case: 'margin, next 50', texts: false, options: { strategy: 'margin', k: 50 } },
  { case: 'entropy, next 50', texts: false, options: { strategy: 'entropy', k: 50 } },
  { case: 'random, next 50', texts: false, options: { strategy: 'random', k: 50 } },
  {
    case: 'diversity batch of 50 on class probabilities, every task clustered',
    texts: false,
    options: { strategy: 'diversity', k: 50 },
  },
  {
    case: 'score + 10 k-means++ clusters of class probabilities',
    texts: false,
    options: { strategy: 'score', k: 50, clusters: 10 },
  },
  {
    case: 'diversity batch of 50 on texts (TF-IDF), every task clustered',
    texts: true,
    options: { strategy: 'diversity', k: 50 },
  },
  {
    case: 'cluster-margin batch of 50 on class probabilities',
    texts: false,
    options: { strategy: 'cluster-margin', k: 50 },
  },
  {
    case: 'cluster-margin batch of 50 on texts (TF-IDF)',
    texts: true,
    options: { strategy: 'cluster-margin', k: 50 },
  },
];

export async function benchmarkLabelNext(count: number): Promise<LabelNextTiming[]> {
  const out: LabelNextTiming[] = [];
  const sources = new Map<boolean, LabelNextSource>();
  for (const c of CASES) {
    let source = sources.get(c.texts);
    if (!source) sources.set(c.texts, (source = syntheticSource(count, c.texts)));
    const start = performance.now();
    const { list, clusterOf } = await rankLabelNext(source, c.options);
    out.push({
      case: c.case,
      tasks: count,
      ms: performance.now() - start,
      shown: list.tasks.length,
      clustered: clusterOf.size,
    });
  }
  return out;
}
