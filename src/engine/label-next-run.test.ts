import { describe, expect, it } from 'vitest';
import { certaintyOf } from '../core/active';
import type { LsPrediction } from '../core/results/types';
import { RankEvidence, rankLabelNext, type LabelNextSource } from './label-next-run';
import { PredictionStore } from './prediction-store';

const prediction = (score: number): LsPrediction => ({ model_version: 'm', score, result: [] });

function source(
  predictions: LsPrediction[],
  evidence: RankEvidence,
  texts?: string[],
): LabelNextSource {
  return {
    async *entries() {
      for (const [i, p] of predictions.entries()) yield [i, p] as const;
    },
    taskId: (i) => 100 + i,
    name: (i) => `task ${i}`,
    evidence,
    ...(texts ? { textOf: (i: number) => texts[i] } : {}),
  };
}

describe('rankLabelNext', () => {
  it('a classifier: margin and entropy from the noted raw forms, not the score', async () => {
    const evidence = new RankEvidence();
    const distributions = [
      [0.5, 0.45, 0.05], // near tie: least margin
      [0.4, 0.3, 0.3], // flattest: least entropy certainty
      [0.9, 0.05, 0.05],
    ];
    distributions.forEach((p, i) => evidence.note(i, Float32Array.from(p), 3));
    const predictions = distributions.map((p) => prediction(Math.max(...p)));
    const margin = await rankLabelNext(source(predictions, evidence), { strategy: 'margin', k: 3 });
    expect(margin.list.tasks.map((t) => t.index)).toEqual([0, 1, 2]);
    expect(margin.list.tasks[0]!.certainty).toBeCloseTo(certaintyOf([0.5, 0.45, 0.05], 'margin'));
    const entropy = await rankLabelNext(source(predictions, evidence), {
      strategy: 'entropy',
      k: 1,
    });
    expect(entropy.list.tasks[0]!.index).toBe(1);
    expect(entropy.list.byScoreOnly).toBe(0);
  });

  it('a model without class probabilities is ranked by its score (and diversity says why not)', async () => {
    const evidence = new RankEvidence();
    evidence.note(0, { candidates: [{ kind: 'box', score: 0.9 }] }, 80);
    const predictions = [prediction(0.7), prediction(0.2)];
    const list = (await rankLabelNext(source(predictions, evidence), { strategy: 'margin', k: 2 }))
      .list;
    expect(list.tasks.map((t) => t.index)).toEqual([1, 0]);
    expect(list.byScoreOnly).toBe(2);
    await expect(
      rankLabelNext(source(predictions, evidence), { strategy: 'diversity', k: 1 }),
    ).rejects.toThrow(/diversity needs a feature vector/);
  });

  it('text tasks: a diversity batch on their words, one cluster per pick for every task', async () => {
    const texts = [
      'win cash prize now click',
      'win a cash prize click here now',
      'claim your cash prize win',
      'quarterly report for the board meeting',
      'board meeting agenda and report',
      'lunch on friday?',
    ];
    const predictions = texts.map((_, i) => prediction(0.5 + i * 0.01));
    const { list, clusterOf } = await rankLabelNext(
      source(predictions, new RankEvidence(), texts),
      {
        strategy: 'diversity',
        k: 3,
      },
    );
    const picked = list.tasks.map((t) => t.index);
    expect(picked[0]).toBe(0);
    // the spam group gives one pick, not three
    expect(picked.filter((i) => i <= 2)).toHaveLength(1);
    expect(list.features).toMatch(/TF-IDF/);
    expect(clusterOf.size).toBe(6);
    expect(clusterOf.get(1)).toBe(clusterOf.get(0));
    expect(clusterOf.get(4)).toBe(clusterOf.get(3));
    expect(clusterOf.get(3)).not.toBe(clusterOf.get(0));
  });
});

describe('PredictionStore.patchHeld', () => {
  it('sets the cluster of held predictions only', async () => {
    const store = new PredictionStore();
    store.reset(3);
    store.set(0, prediction(0.1));
    store.set(2, prediction(0.3));
    store.patchHeld(
      new Map([
        [0, 4],
        [1, 5],
      ]),
    );
    expect((await store.get(0))?.cluster).toBe(4);
    expect((await store.get(2))?.cluster).toBeUndefined();
    expect(store.isDone(1)).toBe(false);
  });
});
