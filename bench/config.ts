// Sizes, paths and section switches of `npm run bench`, all from the environment
// so a quick run (BENCH_IMAGES=10 BENCH_ONLY=detection) and the full one share code.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

function intFromEnv(name: string, fallback: number, min = 1): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${name} must be an integer ≥ ${min}, got "${text}"`);
  }
  return value;
}

export const SECTIONS = [
  'detection',
  'ocr',
  'segmentation',
  'masks',
  'scale',
  'push',
  'serve',
  'text',
  'audio',
  'learn',
  'active',
] as const;
export type Section = (typeof SECTIONS)[number];

function sectionsFromEnv(): Set<Section> {
  const text = process.env.BENCH_ONLY;
  if (!text) return new Set(SECTIONS);
  const chosen = text.split(',').map((s) => s.trim());
  for (const s of chosen) {
    if (!(SECTIONS as readonly string[]).includes(s)) {
      throw new Error(`BENCH_ONLY: unknown section "${s}" (have ${SECTIONS.join(', ')})`);
    }
  }
  return new Set(chosen as Section[]);
}

function batchesFromEnv(): number[] {
  const text = process.env.BENCH_ACTIVE_BATCHES || '10,50';
  const batches = text.split(',').map((s) => Number(s.trim()));
  if (batches.some((b) => b !== 10 && b !== 50)) {
    throw new Error(`BENCH_ACTIVE_BATCHES: 10, 50 or both, got "${text}"`);
  }
  return batches;
}

function splitFromEnv(): 'random' | 'stratified' {
  const split = process.env.BENCH_ACTIVE_SPLIT || 'random';
  if (split !== 'random' && split !== 'stratified') {
    throw new Error(`BENCH_ACTIVE_SPLIT: random or stratified, got "${split}"`);
  }
  return split;
}

function activeSetsFromEnv(): string[] {
  const sets = (process.env.BENCH_ACTIVE_SETS || 'text,images,rank')
    .split(',')
    .map((s) => s.trim());
  const unknown = sets.find((s) => s !== 'text' && s !== 'images' && s !== 'rank');
  if (unknown !== undefined) {
    throw new Error(
      `BENCH_ACTIVE_SETS: unknown part "${unknown}" (have text, images, rank: the ranking speed)`,
    );
  }
  return sets;
}

export const ROOT = process.cwd();
export const SHARED_DIR = resolve(ROOT, '../shared');
export const HAS_SHARED = existsSync(SHARED_DIR);
export const MODELS_DIR = resolve(SHARED_DIR, 'models');
export const PHOTOS_DIR = resolve(SHARED_DIR, 'fixtures/images');
/** The bench build (npm run bench: `vite build --mode bench`); BENCH_DIST serves another. */
export const DIST_DIR = resolve(ROOT, process.env.BENCH_DIST ?? 'dist-bench');
/** Where results go (BENCH_OUT_DIR: another folder, for two runs at once). */
export const OUT_DIR = resolve(ROOT, process.env.BENCH_OUT_DIR ?? '.cache/bench');
export const CHROMIUM = process.env.PRELABEL_CHROMIUM ?? '/usr/bin/chromium';

/**
 * yolo11n-int8 (static int8) is the fast 320 model here: the shared
 * yolov8n-int8dyn-320 file runs no faster than its 640 sibling (see README).
 */
const DEFAULT_RUN_MODEL = 'yolo11n-int8-320.onnx';

export const BENCH = {
  sections: sectionsFromEnv(),
  /** Photos per detection model (the 7 shared photos resized/flipped into this many files). */
  images: intFromEnv('BENCH_IMAGES', 50),
  /** Timed bare session.run calls, after BENCH_WARMUP untimed ones. */
  bareRuns: intFromEnv('BENCH_BARE_RUNS', 30),
  warmup: intFromEnv('BENCH_WARMUP', 10),
  /** Detection rounds, each: bare runs, a UI run, bare runs, native bare runs, a native pipeline run. */
  rounds: intFromEnv('BENCH_ROUNDS', 5),
  ocrImages: intFromEnv('BENCH_OCR_IMAGES', 8),
  /** Parts of the ocr section: `speed` (Node and browser throughput), `accuracy` (CER vs tesseract). */
  ocrParts: process.env.BENCH_OCR_PARTS || 'speed,accuracy',
  scaleTasks: intFromEnv('BENCH_SCALE_TASKS', 100_000),
  runTasks: intFromEnv('BENCH_RUN_TASKS', 2000),
  /** The fast model of the scale run, a file in ../shared/models. */
  runModel: process.env.BENCH_RUN_MODEL || DEFAULT_RUN_MODEL,
  /** A labels file for a run model without class names (e.g. labels/imagenet_1000_ipne.json). */
  runLabels: process.env.BENCH_RUN_LABELS || '',
  /** Median over this many repetitions of the mask → RLE / polygon timings. */
  maskRepeats: intFromEnv('BENCH_MASK_REPEATS', 7),
  /** The run's "fresh engine worker every N tasks" (0 = never); unset: the app's default. */
  recycleAfter: process.env.BENCH_RECYCLE_AFTER
    ? intFromEnv('BENCH_RECYCLE_AFTER', 0, 0)
    : undefined,
  /** Predictions pushed to the Label Studio test server. */
  pushItems: intFromEnv('BENCH_PUSH_ITEMS', 100_000),
  /** Annotated texts the serve section trains the text classifier on while timing /health. */
  trainTexts: intFromEnv('BENCH_TRAIN_TEXTS', 10_000),
  /** Short texts through the built-in entity tagger and the word-vocab classifier. */
  texts: intFromEnv('BENCH_TEXTS', 300),
  /** Tokens generated per timed run of the text-generation model. */
  genTokens: intFromEnv('BENCH_GEN_TOKENS', 128),
  /** Random splits per training-set size in the online-learning comparison. */
  learnSeeds: intFromEnv('BENCH_LEARN_SEEDS', 5),
  /** flowers5 photos per class whose MobileNetV2 features the image curve uses. */
  learnImagesPerClass: intFromEnv('BENCH_LEARN_IMAGES', 100),
  /**
   * Parts of the learn section: `text` (the scikit-learn comparison), `retrain`,
   * `retrain-worker` (the watch's retrain in the browser worker and in Node), `images`,
   * `images-browser` (image feature extraction in the browser's engine worker).
   */
  learnParts: process.env.BENCH_LEARN_PARTS || 'text,retrain,retrain-worker,images,images-browser',
  /** Active learning: seeds (splits and starting labels) per strategy. */
  activeSeeds: intFromEnv('BENCH_ACTIVE_SEEDS', 5),
  /** The first of those seeds (seeds first…first+n−1): one seed run again with another budget. */
  activeFirstSeed: intFromEnv('BENCH_ACTIVE_FIRST_SEED', 1),
  /** Label budget of both data sets (unset: 300 for text, 250 for images). */
  activeBudget: process.env.BENCH_ACTIVE_BUDGET
    ? intFromEnv('BENCH_ACTIVE_BUDGET', 400, 30)
    : undefined,
  /** SpamAssassin messages used (1000 held out, the rest the pool). */
  activeTexts: intFromEnv('BENCH_ACTIVE_TEXTS', 2000, 1100),
  /** flowers5 photos per class (a fifth held out, the rest the pool). */
  activeImagesPerClass: intFromEnv('BENCH_ACTIVE_IMAGES', 100, 20),
  /** flowers5 photos held out (BENCH_ACTIVE_IMAGES_TEST; unset: a fifth of the photos, 100 by default). */
  activeImagesTest: process.env.BENCH_ACTIVE_IMAGES_TEST
    ? intFromEnv('BENCH_ACTIVE_IMAGES_TEST', 100, 10)
    : undefined,
  /** How the image held-out set is drawn (BENCH_ACTIVE_SPLIT): `random` (default) or `stratified` (each class its share). */
  activeSplit: splitFromEnv(),
  /** Which parts the active section runs: text, images (the simulations), rank (speed); default all. */
  activeSets: activeSetsFromEnv(),
  /** Strategies the active simulations run (BENCH_ACTIVE_STRATEGIES, comma-separated; default all). */
  activeStrategies: (
    process.env.BENCH_ACTIVE_STRATEGIES ||
    'random,least-confidence,margin,entropy,committee,diversity,cluster-margin'
  )
    .split(',')
    .map((s) => s.trim()),
  /** Cluster-margin's candidates per batch slot (BENCH_ACTIVE_POOL_FACTOR; unset: its default). */
  activePoolFactor: process.env.BENCH_ACTIVE_POOL_FACTOR
    ? Number(process.env.BENCH_ACTIVE_POOL_FACTOR)
    : undefined,
  /** The image head's C in the active simulations (BENCH_ACTIVE_C; unset: the product's default). */
  activeC: process.env.BENCH_ACTIVE_C ? Number(process.env.BENCH_ACTIVE_C) : undefined,
  /** Batch sizes the active simulations run (10, 50 or both). */
  activeBatches: batchesFromEnv(),
  /** Predictions Label next ranks in the speed part. */
  rankTasks: intFromEnv('BENCH_RANK_TASKS', 100_000, 100),
};

const SIZE_ENV: Record<string, { value: () => number | string; fallback: number | string }> = {
  BENCH_IMAGES: { value: () => BENCH.images, fallback: 50 },
  BENCH_BARE_RUNS: { value: () => BENCH.bareRuns, fallback: 30 },
  BENCH_WARMUP: { value: () => BENCH.warmup, fallback: 10 },
  BENCH_ROUNDS: { value: () => BENCH.rounds, fallback: 5 },
  BENCH_OCR_IMAGES: { value: () => BENCH.ocrImages, fallback: 8 },
  BENCH_OCR_PARTS: { value: () => BENCH.ocrParts, fallback: 'speed,accuracy' },
  BENCH_SCALE_TASKS: { value: () => BENCH.scaleTasks, fallback: 100_000 },
  BENCH_RUN_TASKS: { value: () => BENCH.runTasks, fallback: 2000 },
  BENCH_RUN_MODEL: { value: () => BENCH.runModel, fallback: DEFAULT_RUN_MODEL },
  BENCH_RUN_LABELS: { value: () => BENCH.runLabels, fallback: '' },
  BENCH_MASK_REPEATS: { value: () => BENCH.maskRepeats, fallback: 7 },
  BENCH_PUSH_ITEMS: { value: () => BENCH.pushItems, fallback: 100_000 },
  BENCH_TRAIN_TEXTS: { value: () => BENCH.trainTexts, fallback: 10_000 },
  BENCH_RECYCLE_AFTER: { value: () => BENCH.recycleAfter ?? '', fallback: '' },
  BENCH_TEXTS: { value: () => BENCH.texts, fallback: 300 },
  BENCH_GEN_TOKENS: { value: () => BENCH.genTokens, fallback: 128 },
  BENCH_AUDIO_MINUTES: { value: () => Number(process.env.BENCH_AUDIO_MINUTES ?? 60), fallback: 60 },
  BENCH_AUDIO_BROWSER_MINUTES: {
    value: () => Number(process.env.BENCH_AUDIO_BROWSER_MINUTES ?? 5),
    fallback: 5,
  },
  BENCH_LEARN_SEEDS: { value: () => BENCH.learnSeeds, fallback: 5 },
  BENCH_LEARN_IMAGES: { value: () => BENCH.learnImagesPerClass, fallback: 100 },
  BENCH_LEARN_PARTS: {
    value: () => BENCH.learnParts,
    fallback: 'text,retrain,retrain-worker,images,images-browser',
  },
  BENCH_ACTIVE_SEEDS: { value: () => BENCH.activeSeeds, fallback: 5 },
  BENCH_ACTIVE_FIRST_SEED: { value: () => BENCH.activeFirstSeed, fallback: 1 },
  BENCH_ACTIVE_BUDGET: { value: () => BENCH.activeBudget ?? '', fallback: '' },
  BENCH_ACTIVE_TEXTS: { value: () => BENCH.activeTexts, fallback: 2000 },
  BENCH_ACTIVE_IMAGES: { value: () => BENCH.activeImagesPerClass, fallback: 100 },
  BENCH_ACTIVE_IMAGES_TEST: { value: () => BENCH.activeImagesTest ?? '', fallback: '' },
  BENCH_ACTIVE_SETS: { value: () => BENCH.activeSets.join(','), fallback: 'text,images,rank' },
  BENCH_RANK_TASKS: { value: () => BENCH.rankTasks, fallback: 100_000 },
  BENCH_ACTIVE_BATCHES: { value: () => BENCH.activeBatches.join(','), fallback: '10,50' },
  BENCH_ACTIVE_STRATEGIES: {
    value: () => BENCH.activeStrategies.join(','),
    fallback: 'random,least-confidence,margin,entropy,committee,diversity,cluster-margin',
  },
  BENCH_ACTIVE_POOL_FACTOR: { value: () => BENCH.activePoolFactor ?? '', fallback: '' },
  BENCH_ACTIVE_C: { value: () => BENCH.activeC ?? '', fallback: '' },
  BENCH_ACTIVE_SPLIT: { value: () => BENCH.activeSplit, fallback: 'random' },
};

const SECTION_ENV: Record<Section, string[]> = {
  detection: ['BENCH_IMAGES', 'BENCH_BARE_RUNS', 'BENCH_WARMUP', 'BENCH_ROUNDS'],
  ocr: ['BENCH_OCR_IMAGES', 'BENCH_OCR_PARTS'],
  segmentation: ['BENCH_IMAGES', 'BENCH_BARE_RUNS', 'BENCH_WARMUP'],
  masks: ['BENCH_MASK_REPEATS'],
  scale: [
    'BENCH_SCALE_TASKS',
    'BENCH_RUN_TASKS',
    'BENCH_RUN_MODEL',
    'BENCH_RUN_LABELS',
    'BENCH_RECYCLE_AFTER',
  ],
  push: ['BENCH_PUSH_ITEMS'],
  serve: ['BENCH_IMAGES', 'BENCH_ROUNDS', 'BENCH_TRAIN_TEXTS'],
  text: ['BENCH_TEXTS', 'BENCH_GEN_TOKENS'],
  audio: ['BENCH_AUDIO_MINUTES', 'BENCH_AUDIO_BROWSER_MINUTES', 'BENCH_ROUNDS'],
  learn: ['BENCH_LEARN_SEEDS', 'BENCH_LEARN_IMAGES', 'BENCH_LEARN_PARTS'],
  active: [
    'BENCH_ACTIVE_SEEDS',
    'BENCH_ACTIVE_FIRST_SEED',
    'BENCH_ACTIVE_BUDGET',
    'BENCH_ACTIVE_TEXTS',
    'BENCH_ACTIVE_IMAGES',
    'BENCH_ACTIVE_IMAGES_TEST',
    'BENCH_ACTIVE_SETS',
    'BENCH_ACTIVE_BATCHES',
    'BENCH_ACTIVE_STRATEGIES',
    'BENCH_ACTIVE_POOL_FACTOR',
    'BENCH_ACTIVE_C',
    'BENCH_ACTIVE_SPLIT',
    'BENCH_RANK_TASKS',
  ],
};

/** The command that reproduces this run (or one section of it) with the same sizes. */
export function commandFor(section?: Section): string {
  const names = section ? SECTION_ENV[section] : Object.keys(SIZE_ENV);
  const env: string[] = [];
  for (const name of names) {
    const { value, fallback } = SIZE_ENV[name]!;
    if (value() !== fallback) env.push(`${name}=${value()}`);
  }
  if (section) env.push(`BENCH_ONLY=${section}`);
  else if (BENCH.sections.size < SECTIONS.length)
    env.push(`BENCH_ONLY=${[...BENCH.sections].join(',')}`);
  return [...env, 'npm run bench'].join(' ');
}
