// The learner's quality estimates run after the head: a new version is usable
// (predicts, exports) before its estimate is in; the estimate, one fold per
// step, equals the one computed directly; a newer retrain's estimate runs
// first and the older one still gets its own; a hold (the watch's poll) keeps
// them waiting; above HOLD_OUT_ABOVE one stratified 20 % hold-out is scored.
import { describe, expect, it } from 'vitest';
import { examplesFromTasks } from '../../core/annotations';
import { parseLabelingConfig } from '../../core/config';
import { estimateQuality, predictText } from '../../learn';
import { Learner } from './learner';
import { reviewTasks, SENTIMENT_CONFIG } from './test-fixtures';
import { MemoryVersionStore } from './version-store';

const config = parseLabelingConfig(SENTIMENT_CONFIG);
const LABELS = ['Positive', 'Negative', 'Neutral'];
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The learner's turns between folds, given one at a time by the test. */
function turns() {
  const waiting: (() => void)[] = [];
  return {
    yieldToEvents: () => new Promise<void>((resolve) => waiting.push(resolve)),
    get waiting() {
      return waiting.length;
    },
    async step() {
      waiting.shift()?.();
      await settle();
    },
  };
}

const direct = (n: number, annotated = n, quality = {}) =>
  estimateQuality(examplesFromTasks(config, reviewTasks(n, annotated)).examples, {
    labels: LABELS,
    ...quality,
  });

describe('Learner quality estimates after the head', () => {
  it('the version is usable before its quality is known, and the estimate equals the direct one', async () => {
    const turn = turns();
    const learner = new Learner(new MemoryVersionStore(), { yieldToEvents: turn.yieldToEvents });
    const { version } = await learner.train('local', { config, tasks: reviewTasks(30) });
    expect(version).toMatchObject({
      qualityPending: true,
      quality: { method: 'none', accuracy: null, macroF1: null, reason: 'being estimated' },
    });
    // Usable now: current, predicts, exports its head file.
    const stored = await learner.current('local');
    expect(stored?.id).toBe(1);
    const head = learner.headOf(stored!);
    expect(predictText(head, 'a superb film').probabilities[0]).toBeGreaterThan(0.5);
    expect((await learner.state('local')).versions[0]?.qualityPending).toBe(true);

    const arrived = learner.quality('local', 1);
    for (let fold = 0; fold < 5; fold++) await turn.step(); // one fold per turn
    expect((await learner.state('local')).versions[0]?.qualityPending).toBe(true);
    await turn.step(); // the last step scores
    const quality = await arrived;
    expect(quality).toEqual(direct(30));
    expect(quality).toMatchObject({ method: 'k-fold', folds: 5, examples: 30 });
    const state = await learner.state('local');
    expect(state.versions[0]?.quality).toEqual(quality);
    expect(state.versions[0]?.qualityPending).toBeUndefined();
    expect(turn.waiting).toBe(0);
  });

  it('a newer retrain runs its estimate first; the older version still gets its own', async () => {
    const turn = turns();
    const learner = new Learner(new MemoryVersionStore(), { yieldToEvents: turn.yieldToEvents });
    await learner.train('local', { config, tasks: reviewTasks(40, 30) });
    const order: number[] = [];
    const first = learner.quality('local', 1).then((q) => (order.push(1), q));
    await turn.step();
    await turn.step(); // two folds of version 1 done
    await learner.train('local', { config, tasks: reviewTasks(40, 36) });
    const second = learner.quality('local', 2).then((q) => (order.push(2), q));
    while (turn.waiting) await turn.step();
    expect(order).toEqual([2, 1]);
    expect(await second).toEqual(direct(40, 36));
    expect(await first).toEqual(direct(40, 30));
    const versions = (await learner.state('local')).versions;
    expect(versions.map((v) => [v.quality.examples, v.qualityPending])).toEqual([
      [30, undefined],
      [36, undefined],
    ]);
  });

  it('waits while held (the watch predicts and pushes first)', async () => {
    const learner = new Learner(new MemoryVersionStore());
    const release = learner.holdQuality();
    await learner.train('local', { config, tasks: reviewTasks(10) });
    let done = false;
    void learner.nextQuality('local').then(() => (done = true));
    for (let i = 0; i < 5; i++) await settle();
    expect(done).toBe(false);
    expect((await learner.state('local')).versions[0]?.qualityPending).toBe(true);
    release();
    release(); // twice is once
    await learner.nextQuality('local');
    await settle();
    expect(done).toBe(true);
    expect((await learner.state('local')).versions[0]?.quality).toEqual(direct(10));
    await learner.nextQuality('local'); // nothing pending: at once
  });

  it('above the hold-out threshold, one stratified 20 % hold-out is scored', async () => {
    const quality = { holdOutAbove: 40 };
    const learner = new Learner(new MemoryVersionStore(), { quality });
    await learner.train('local', { config, tasks: reviewTasks(60) });
    const q = await learner.quality('local', 1);
    expect(q).toMatchObject({ method: 'held-out', folds: 1, examples: 12 });
    expect(q).toEqual(direct(60, 60, quality));
    // At or below it, 5-fold as before.
    await learner.train('local', { config, tasks: reviewTasks(40) });
    expect(await learner.quality('local', 2)).toMatchObject({ method: 'k-fold', examples: 40 });
  });

  it('a version left pending by a worker that stopped says it was not estimated', async () => {
    const store = new MemoryVersionStore();
    const stopped = new Learner(store, { yieldToEvents: () => new Promise<void>(() => {}) });
    await stopped.train('local', { config, tasks: reviewTasks(10) });
    const reloaded = new Learner(store);
    const [version] = (await reloaded.state('local')).versions;
    expect(version?.qualityPending).toBeUndefined();
    expect(version?.quality).toMatchObject({
      method: 'none',
      accuracy: null,
      reason: 'not estimated: the worker stopped first',
    });
    expect((await store.list('local'))[0]?.qualityPending).toBeUndefined();
  });
});
