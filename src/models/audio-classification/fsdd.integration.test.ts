// Pooled openWakeWord embeddings of real spoken digits (../shared/datasets/fsdd,
// 8 kHz WAV, resampled to 16 kHz) separate the digits: a nearest-centroid head
// fitted on part of the data classifies the usual test split (recording index
// 0–4) far above chance. The learner (its own issue) will fit real heads; the
// nearest-centroid head here is a linear head (w = 2μ, b = −|μ|²), so it also
// exercises `classify`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAudioWhole } from '../../core/audio/decode-stream';
import { clipEmbedding, EMBEDDING_SIZE } from './clip-embedding';
import { classify, type LinearHead } from './linear-head';
import { loadNodeEmbedding } from './node-embedding';

const fsdd = resolve(process.cwd(), '../shared/datasets/fsdd');
const available = existsSync(fsdd);
if (!available) console.warn(`skipping the spoken-digit embedding test: ${fsdd} is absent`);

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
/** Test split: index 0–4 (the dataset's usual split); fit on 5–9, to keep the test short. */
const isTest = (index: number) => index <= 4;
const isFit = (index: number) => index >= 5 && index <= 9;

interface Clip {
  digit: number;
  test: boolean;
  embedding: Float32Array;
}

describe.runIf(available)('audio clip embeddings on spoken digits (FSDD)', () => {
  let models: Awaited<ReturnType<typeof loadNodeEmbedding>>;
  const clips: Clip[] = [];
  beforeAll(async () => {
    models = await loadNodeEmbedding();
    for (const [digit, name] of DIGITS.entries()) {
      for (const file of readdirSync(join(fsdd, name)).sort()) {
        const index = Number(/_(\d+)\.wav$/.exec(file)?.[1]);
        if (!isTest(index) && !isFit(index)) continue;
        const samples = await decodeAudioWhole(
          new Uint8Array(readFileSync(join(fsdd, name, file))),
          { name: file },
        );
        clips.push({ digit, test: isTest(index), embedding: await clipEmbedding(models, samples) });
      }
    }
  }, 300_000);
  afterAll(() => models?.release());

  it('gives a finite 192-value embedding per clip, whatever its length', () => {
    expect(clips.length).toBe(10 * 6 * 10);
    for (const c of clips) {
      expect(c.embedding.length).toBe(EMBEDDING_SIZE * 2);
      expect(c.embedding.every(Number.isFinite)).toBe(true);
    }
  });

  it('a nearest-centroid head classifies the test split far above chance', () => {
    const fit = clips.filter((c) => !c.test);
    const dims = EMBEDDING_SIZE * 2;
    // Standardise with the fitting clips' statistics so no feature dominates.
    const mean = new Float64Array(dims);
    const std = new Float64Array(dims);
    for (const c of fit) c.embedding.forEach((v, i) => (mean[i]! += v / fit.length));
    for (const c of fit)
      c.embedding.forEach((v, i) => (std[i]! += (v - mean[i]!) ** 2 / fit.length));
    const z = (e: Float32Array) =>
      Float32Array.from(e, (v, i) => (v - mean[i]!) / Math.sqrt(std[i]! + 1e-6));
    const centroids = DIGITS.map((_, d) => {
      const mine = fit.filter((c) => c.digit === d).map((c) => z(c.embedding));
      return Array.from(
        { length: dims },
        (_, i) => mine.reduce((s, e) => s + e[i]!, 0) / mine.length,
      );
    });
    const head: LinearHead = {
      classNames: DIGITS,
      weights: centroids.map((mu) => mu.map((v) => 2 * v)),
      bias: centroids.map((mu) => -mu.reduce((s, v) => s + v * v, 0)),
    };
    const test = clips.filter((c) => c.test);
    const confusions = new Map<string, number>();
    let correct = 0;
    for (const c of test) {
      const [top] = classify(head, z(c.embedding));
      if (top!.classIndex === c.digit) correct++;
      else
        confusions.set(
          `${c.digit}→${top!.label}`,
          (confusions.get(`${c.digit}→${top!.label}`) ?? 0) + 1,
        );
    }
    const accuracy = correct / test.length;
    console.log(
      `FSDD nearest-centroid accuracy on the test split: ${(accuracy * 100).toFixed(1)}% (${correct}/${test.length}; chance 10%)`,
    );
    expect(accuracy).toBeGreaterThan(0.5);
    // Two digits alone: "0" and "1" apart almost always.
    const pair = test.filter((c) => c.digit <= 1);
    const pairHead: LinearHead = {
      classNames: ['0', '1'],
      weights: head.weights.slice(0, 2),
      bias: head.bias.slice(0, 2),
    };
    const pairCorrect = pair.filter(
      (c) => classify(pairHead, z(c.embedding))[0]!.classIndex === c.digit,
    ).length;
    expect(pairCorrect / pair.length).toBeGreaterThan(0.9);
  });
});

describe('linear head', () => {
  it('names a head whose shape does not fit the embedding', () => {
    const head: LinearHead = { classNames: ['dog', 'cat'], weights: [[1, 2], [3]], bias: [0, 0] };
    expect(() => classify(head, Float32Array.from([1, 2]))).toThrow(
      'audio classifier head: class "cat" has 1 weights, the embedding 2 values',
    );
  });
});
