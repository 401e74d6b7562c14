// The engine's finished predictions, by task index. A prediction with ~10
// boxes is several KB in V8, so 50,000+ tasks held in memory cost hundreds of
// MB. When the run is journalled (IndexedDB holds every prediction anyway),
// only the most recently set ones stay in memory (the preview mostly shows
// those) and the rest are read back from the journal on demand. Without a
// journal everything stays in memory, as nothing else could give it back.
// Whether a task is done is one byte per task, so counts and the preview's
// status never need the prediction itself.

import type { LsPrediction } from '../core/results/types';
import type { ClassEvidence } from '../models/predictor/class-evidence';

/** Where a journalled run's predictions can be read back (EngineJournal.predictionSource). */
export interface PredictionSource {
  /** A done task's prediction as stored; undefined when it has none. */
  get(index: number): Promise<LsPrediction | undefined>;
  /** Done tasks in index order, read page by page, with the class evidence kept beside. */
  entries(): AsyncIterable<PredictionEntry>;
}

export type PredictionEntry =
  | readonly [index: number, prediction: LsPrediction]
  | readonly [index: number, prediction: LsPrediction, evidence: ClassEvidence];

/** Predictions kept in memory beside a journal: enough for the preview's recent tasks. */
export const RECENT_PREDICTIONS = 256;

export class PredictionStore {
  private done = new Uint8Array(0);
  private doneTasks = 0;
  /** Insertion order = order of set(): the first key is the oldest. */
  private memory = new Map<number, LsPrediction>();
  private source: PredictionSource | null = null;
  private readonly recent: number;

  constructor(options: { recent?: number } = {}) {
    this.recent = Math.max(1, options.recent ?? RECENT_PREDICTIONS);
  }

  /** Forgets every prediction (new tasks or a new run); back to memory-only. */
  reset(taskCount: number): void {
    this.done = new Uint8Array(taskCount);
    this.doneTasks = 0;
    this.memory.clear();
    this.source = null;
  }

  /** From now on the predictions are in `source` too (null: memory only). */
  useSource(source: PredictionSource | null): void {
    this.source = source;
    this.trim();
  }

  get journalled(): boolean {
    return this.source !== null;
  }

  /** Tasks with a prediction. */
  get doneCount(): number {
    return this.doneTasks;
  }

  /** Predictions held in memory. */
  get heldCount(): number {
    return this.memory.size;
  }

  isDone(index: number): boolean {
    return this.done[index] === 1;
  }

  set(index: number, prediction: LsPrediction): void {
    this.markDone(index);
    this.memory.delete(index);
    this.memory.set(index, prediction);
    this.trim();
  }

  /** Sets the `cluster` of each held prediction in `clusterOf` (a journal is written by its owner). */
  patchHeld(clusterOf: ReadonlyMap<number, number>): void {
    for (const [index, prediction] of this.memory) {
      const cluster = clusterOf.get(index);
      if (cluster !== undefined && prediction.cluster !== cluster) {
        this.memory.set(index, { ...prediction, cluster });
      }
    }
  }

  /** Done, with its prediction only in the source (a resumed run's settled tasks). */
  markDone(index: number): void {
    if (index >= this.done.length) {
      const grown = new Uint8Array(Math.max(index + 1, this.done.length * 2));
      grown.set(this.done);
      this.done = grown;
    }
    if (this.done[index] !== 1) this.doneTasks++;
    this.done[index] = 1;
  }

  /** Not done (failed, or to run again). */
  clear(index: number): void {
    if (this.done[index] === 1) this.doneTasks--;
    if (index < this.done.length) this.done[index] = 0;
    this.memory.delete(index);
  }

  /** The prediction if it is in memory (a task just set is). */
  held(index: number): LsPrediction | undefined {
    return this.memory.get(index);
  }

  async get(index: number): Promise<LsPrediction | undefined> {
    if (!this.isDone(index)) return undefined;
    return this.memory.get(index) ?? (await this.source?.get(index));
  }

  /** Done tasks' predictions in index order; from the source page by page when there is one. */
  async *entries(): AsyncGenerator<PredictionEntry> {
    // The held ones win (they are the newest), and those the source lacks
    // (a write still queued or refused) are merged in by index.
    const held = [...this.memory.keys()].sort((a, b) => a - b);
    let next = 0;
    const heldBefore = (limit: number): PredictionEntry[] => {
      const out: PredictionEntry[] = [];
      for (; next < held.length && held[next]! < limit; next++) {
        const prediction = this.memory.get(held[next]!);
        if (prediction && this.isDone(held[next]!)) out.push([held[next]!, prediction]);
      }
      return out;
    };
    if (this.source) {
      for await (const entry of this.source.entries()) {
        const [index, stored, evidence] = entry;
        yield* heldBefore(index);
        if (held[next] === index) next++;
        if (!this.isDone(index)) continue;
        const prediction = this.memory.get(index) ?? stored;
        yield evidence ? [index, prediction, evidence] : [index, prediction];
      }
    }
    yield* heldBefore(Infinity);
  }

  /** With a source, only the `recent` last set stay in memory. */
  private trim(): void {
    if (!this.source) return;
    for (const index of this.memory.keys()) {
      if (this.memory.size <= this.recent) break;
      this.memory.delete(index);
    }
  }
}
