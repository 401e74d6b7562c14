// The watch loop on a fake clock with fake reads, trainings and pushes:
// coalesced retrains, every-N, edits, errors that keep it polling, a failed
// push retried without retraining, poll-now, stop.
import { describe, expect, it } from 'vitest';
import { parseLabelingConfig } from '../../core/config';
import type { LsTask } from '../../core/tasks/types';
import { FakeClock } from './fake-clock';
import { choiceAnnotation, reviewTasks, SENTIMENT_CONFIG } from './test-fixtures';
import type { LearnVersion, WatchOptions, WatchStatus } from './types';
import { WatchLoop, type WatchDeps } from './watch-loop';

const config = parseLabelingConfig(SENTIMENT_CONFIG);

function harness(options: WatchOptions = {}) {
  const clock = new FakeClock();
  const world = {
    tasks: reviewTasks(6, 3),
    readError: null as Error | null,
    pushError: null as Error | null,
    /** Items the fake server did not take. */
    retryable: 0,
  };
  const trained: number[] = [];
  const published: string[] = [];
  const statuses: WatchStatus[] = [];
  let versions = 0;
  const deps: WatchDeps = {
    async read() {
      if (world.readError) throw world.readError;
      return { config, tasks: structuredClone(world.tasks) };
    },
    async train(_config, tasks) {
      const count = tasks.filter((t) => (t.annotations ?? []).length > 0).length;
      trained.push(count);
      const version = { id: ++versions, modelVersion: `v${versions}@${count}` } as LearnVersion;
      return { version, notes: { tasks: tasks.length, examples: count } as never };
    },
    async publish(version) {
      if (world.pushError) throw world.pushError;
      published.push(version.modelVersion);
      const { retryable } = world;
      return {
        modelVersion: version.modelVersion,
        sent: 3,
        failed: 0,
        skipped: 0,
        tasks: 3,
        retryable,
      };
    },
    async describe(error) {
      return { message: (error as Error).message, kind: 'server-error' };
    },
    onStatus: (s) => statuses.push(s),
    clock,
  };
  const loop = new WatchLoop(deps, { intervalSeconds: 30, ...options });
  const tick = async (seconds = 30) => {
    clock.advance(seconds * 1000);
    await loop.idle();
  };
  const annotate = (index: number, extra: Record<string, unknown> = {}) => {
    const task = world.tasks[index] as LsTask;
    task.annotations = [choiceAnnotation(5000 + index, ['Neutral'], extra)];
  };
  return { clock, world, trained, published, statuses, loop, tick, annotate, deps };
}

describe('WatchLoop', () => {
  it('trains and pushes at once, then only when annotations change (coalesced)', async () => {
    const h = harness();
    h.loop.start();
    await h.loop.idle();
    expect(h.trained).toEqual([3]);
    expect(h.published).toEqual(['v1@3']);
    expect(h.loop.status).toMatchObject({ phase: 'waiting', polls: 1, pending: 0 });
    expect(h.loop.status.nextPollAt).toBe(h.clock.now() + 30_000);
    expect(h.statuses.map((s) => s.phase)).toEqual(['polling', 'training', 'pushing', 'waiting']);

    await h.tick(); // nothing new
    expect(h.trained).toEqual([3]);
    expect(h.loop.status.polls).toBe(2);

    h.annotate(3);
    h.annotate(4);
    await h.tick(); // two new annotations between polls: one retrain
    expect(h.trained).toEqual([3, 5]);
    expect(h.published).toEqual(['v1@3', 'v2@5']);
    expect(h.loop.status.lastTrained).toMatchObject({ versionId: 2, modelVersion: 'v2@5' });

    // An annotation edited in Label Studio (same id, new updated_at) is a change.
    h.annotate(4, { updated_at: '2026-12-05T00:00:00Z' });
    await h.tick();
    expect(h.trained).toEqual([3, 5, 5]);
  });

  it('holds the quality estimates for each poll and lets them go after it, error or not', async () => {
    const h = harness();
    const held: boolean[] = [];
    let holds = 0;
    const train = h.deps.train;
    h.deps.train = async (config, tasks) => {
      held.push(holds > 0);
      return train(config, tasks);
    };
    h.deps.hold = () => {
      holds++;
      return () => void holds--;
    };
    h.loop.start();
    await h.loop.idle();
    expect(held).toEqual([true]);
    expect(holds).toBe(0);
    h.world.readError = new Error('500');
    await h.tick();
    expect(h.loop.status.error).toBeDefined();
    expect(holds).toBe(0);
  });

  it('retrains every N new annotations when asked', async () => {
    const h = harness({ retrainEvery: 3 });
    h.world.tasks = reviewTasks(8, 0);
    h.loop.start();
    await h.loop.idle();
    expect(h.trained).toEqual([]);
    h.annotate(0);
    h.annotate(1);
    await h.tick();
    expect(h.trained).toEqual([]);
    expect(h.loop.status.pending).toBe(2);
    h.annotate(2);
    await h.tick();
    expect(h.trained).toEqual([3]);
    expect(h.loop.status.pending).toBe(0);
  });

  it('a server error is shown and polling goes on; nothing counted is lost', async () => {
    const h = harness();
    h.loop.start();
    await h.loop.idle();
    h.annotate(3);
    h.world.readError = new Error('Label Studio at http://ls/ did not answer');
    await h.tick();
    expect(h.loop.status.error).toMatchObject({
      message: 'Label Studio at http://ls/ did not answer',
      kind: 'server-error',
    });
    expect(h.loop.status.phase).toBe('waiting');
    expect(h.clock.pending).toBe(1); // the next poll is scheduled
    await h.tick();
    expect(h.loop.status.polls).toBe(3);
    h.world.readError = null;
    await h.loop.pollNow(); // "retry now"
    expect(h.loop.status.error).toBeUndefined();
    expect(h.trained).toEqual([3, 4]);
  });

  it('a failed push is retried on the next poll without retraining', async () => {
    const h = harness();
    h.world.pushError = new Error('500 from the server');
    h.loop.start();
    await h.loop.idle();
    expect(h.trained).toEqual([3]);
    expect(h.published).toEqual([]);
    expect(h.loop.status).toMatchObject({
      pushPending: 'v1@3',
      error: { message: '500 from the server' },
    });
    h.world.pushError = null;
    await h.tick();
    expect(h.trained).toEqual([3]);
    expect(h.published).toEqual(['v1@3']);
    expect(h.loop.status.pushPending).toBeUndefined();
    expect(h.loop.status.error).toBeUndefined();
  });

  it('items the server did not take are pushed again with the next poll', async () => {
    const h = harness();
    h.world.retryable = 2;
    h.loop.start();
    await h.loop.idle();
    expect(h.loop.status.pushPending).toBe('v1@3');
    h.world.retryable = 0;
    await h.tick();
    expect(h.published).toEqual(['v1@3', 'v1@3']);
    expect(h.trained).toEqual([3]);
    expect(h.loop.status.pushPending).toBeUndefined();
  });

  it('poll-now during a poll polls once more after it; stop ends the timers', async () => {
    const h = harness();
    h.loop.start();
    void h.loop.pollNow();
    await h.loop.idle();
    await h.loop.idle();
    expect(h.loop.status.polls).toBe(2);
    h.loop.stop();
    expect(h.loop.status.phase).toBe('stopped');
    expect(h.clock.pending).toBe(0);
    h.clock.advance(120_000);
    expect(h.loop.status.polls).toBe(2);
  });

  describe('resumed after an engine restart (resumeFrom: the stopped watch)', () => {
    /** The engine died: the old loop is gone; a new one starts from its last status. */
    const restart = (h: ReturnType<typeof harness>, options: WatchOptions = {}) => {
      const before = structuredClone(h.loop.status);
      h.loop.stop();
      return new WatchLoop(h.deps, { intervalSeconds: 30, ...options, resumeFrom: before });
    };

    it('annotations unchanged: no retrain, no second push, the counts go on', async () => {
      const h = harness();
      h.loop.start();
      await h.loop.idle();
      expect(h.published).toEqual(['v1@3']);
      const loop = restart(h);
      loop.start();
      await loop.idle();
      expect(h.trained).toEqual([3]);
      expect(h.published).toEqual(['v1@3']);
      expect(loop.status).toMatchObject({ phase: 'waiting', polls: 2, pending: 0 });
      expect(loop.status.lastTrained?.modelVersion).toBe('v1@3');
      // The next annotation retrains as it would have before the restart.
      h.annotate(4);
      h.clock.advance(30_000);
      await loop.idle();
      expect(h.trained).toEqual([3, 4]);
      expect(h.published).toEqual(['v1@3', 'v2@4']);
    });

    it('an annotation made while the engine was down retrains on the first poll', async () => {
      const h = harness();
      h.loop.start();
      await h.loop.idle();
      const before = structuredClone(h.loop.status);
      h.loop.stop();
      h.annotate(5);
      const loop = new WatchLoop(h.deps, { intervalSeconds: 30, resumeFrom: before });
      loop.start();
      await loop.idle();
      expect(h.trained).toEqual([3, 4]);
      expect(h.published).toEqual(['v1@3', 'v2@4']);
    });

    it('keeps the pending count of every-N retrains', async () => {
      const h = harness({ retrainEvery: 3 });
      h.loop.start();
      await h.loop.idle();
      h.annotate(3);
      h.annotate(4);
      await h.tick();
      expect(h.loop.status.pending).toBe(2);
      const loop = restart(h, { retrainEvery: 3 });
      loop.start();
      await loop.idle();
      expect(loop.status.pending).toBe(2);
      expect(h.trained).toEqual([3]);
      h.annotate(5);
      h.clock.advance(30_000);
      await loop.idle();
      expect(h.trained).toEqual([3, 6]);
    });

    it('a version trained before the restart and not pushed yet is pushed once by the resumed watch', async () => {
      const h = harness();
      h.world.pushError = new Error('push refused');
      h.loop.start();
      await h.loop.idle();
      expect(h.loop.status).toMatchObject({ pushPending: 'v1@3', pushPendingId: 1 });
      h.world.pushError = null;
      const before = structuredClone(h.loop.status);
      h.loop.stop();
      const loop = new WatchLoop(h.deps, { intervalSeconds: 30, resumeFrom: before });
      // What the engine does with before.pushPendingId (engine-learn.ts).
      loop.publishNext({ id: 1, modelVersion: 'v1@3' } as LearnVersion);
      loop.start();
      await loop.idle();
      await h.tick();
      expect(h.trained).toEqual([3]);
      expect(h.published).toEqual(['v1@3']);
      expect(loop.status.pushPending).toBeUndefined();
    });
  });
});
