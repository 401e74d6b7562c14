import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { LabelingConfig } from '../core/config/types';
import type { LsTask } from '../core/tasks/types';
import type { RunSummary, TaskFailure } from './api';
import { CRASHED_TWICE, TAB_CRASHED_TWICE } from './crash-ledger';
import { EngineRuns } from './engine-runs';
import { EngineJournal } from './journal/engine-journal';
import { RunJournal } from './journal/run-journal';
import type { LoadedImageModel } from './model-loader';
import { certaintyOf } from '../core/active';
import { RankEvidence, rankLabelNext } from './label-next-run';
import { PredictionStore } from './prediction-store';
import { RunControl, runTasks } from './run-loop';
import type { RunOptions } from './runs-api';

// A tab death is simulated by abandoning an engine mid-task (nothing more
// runs, end() is never called) and starting a new one on the same database,
// as a reloaded tab does. A worker death looks the same to the journal; the
// page then passes its own verdicts (suspects, crashed) with the resume.

const TASKS: LsTask[] = Array.from({ length: 5 }, (_, i) => ({ data: { image: `t${i}.png` } }));
const CONFIG = { objects: [], controls: [] } as unknown as LabelingConfig;
const MODEL = {
  family: { kind: 'tensor' },
  info: { bytesHash: 'model-hash', name: 'yolo' },
} as unknown as LoadedImageModel;
const SETTINGS = {
  config: CONFIG,
  targets: [],
  options: { confidence: 0.25, iou: 0.7, maxDetections: 10 },
  modelVersion: 'yolo@1',
};
const REQUEST = {
  targets: [],
  options: { confidence: 0.25, iou: 0.7, maxDetections: 10 },
};

/** A classifier's distribution per task: least confidence orders them 1, 3, 0, 4, 2. */
const DISTRIBUTIONS = [
  Float32Array.from([0.6, 0.3, 0.1]),
  Float32Array.from([0.4, 0.35, 0.25]),
  Float32Array.from([0.9, 0.05, 0.05]),
  Float32Array.from([0.5, 0.3, 0.2]),
  Float32Array.from([0.7, 0.2, 0.1]),
];

type Fate = 'ok' | 'hang';
interface Behaviour {
  prepare?: (i: number) => Fate;
  infer?: (i: number) => Fate;
  /** Called as each task's inference starts, with the run's control. */
  onInfer?: (i: number, control: RunControl) => void;
}

let dbCount = 0;

/** One tab's engine over the shared database. */
function tab(dbName: string) {
  const predictions = new PredictionStore();
  predictions.reset(TASKS.length);
  const failures = new Map<number, TaskFailure>();
  /** What this tab noted of each task's class distribution (DISTRIBUTIONS). */
  const evidence = new RankEvidence();
  // Batches of one: every settled task reaches the database before the next starts.
  const journal = new EngineJournal(() => RunJournal.open(dbName), { maxBatch: 1 });
  const runs = new EngineRuns(
    {
      tasks: () => TASKS,
      config: () => CONFIG,
      model: () => MODEL,
      predictions: () => predictions,
      failures: () => failures,
      taskName: (i) => `t${i}.png`,
      evidence: (i) => evidence.get(i),
    },
    journal,
  );
  /** Resolves when a hanging stage is reached: the tab is "killed" there. */
  let reachedHang!: (where: string) => void;
  const hung = new Promise<string>((r) => (reachedHang = r));
  const inferred: number[] = [];

  async function start(options: RunOptions, behaviour: Behaviour = {}) {
    const control = new RunControl(() => 0);
    const indices = await runs.begin(
      {
        modality: 'image',
        request: REQUEST,
        modelVersion: 'yolo@1',
        model: MODEL,
        settings: SETTINGS,
      },
      () => control.cancel(),
      options,
    );
    const hang = (where: string) => {
      reachedHang(where);
      return new Promise<never>(() => undefined);
    };
    const steps = runs.supervise<number>(
      {
        prepare: async (i) =>
          behaviour.prepare?.(i) === 'hang' ? hang(`prepare ${i}`) : Promise.resolve(i),
        infer: async (i) => {
          behaviour.onInfer?.(i, control);
          if (behaviour.infer?.(i) === 'hang') return hang(`infer ${i}`);
          inferred.push(i);
          predictions.set(i, { model_version: 'yolo@1', result: [] });
          evidence.note(i, DISTRIBUTIONS[i], 3);
        },
        taskName: (i) => `t${i}.png`,
      },
      options,
    );
    const finished = runTasks<number>(
      {
        indices,
        prepare: steps.prepare,
        infer: steps.infer,
        taskName: (i) => `t${i}.png`,
        onProgress: (p) => runs.progressOf(p),
        now: () => 0,
      },
      control,
    ).then((summary): Promise<RunSummary> =>
      runs.end({ ...summary, failures: [...failures.values(), ...summary.failures] }),
    );
    return { indices, control, finished };
  }

  return { runs, journal, predictions, failures, evidence, inferred, hung, start };
}

async function offered(dbName: string) {
  const offer = await tab(dbName).runs.findResumable();
  if (!offer) throw new Error('no run offered for resuming');
  return offer;
}

async function journalOf(dbName: string) {
  return RunJournal.open(dbName);
}

async function exportedImages(t: ReturnType<typeof tab>): Promise<string[]> {
  const file = await t.runs.exportFile('tasks-with-predictions');
  const tasks = JSON.parse(await file!.blob.text()) as { data: { image: string } }[];
  return tasks.map((task) => task.data.image);
}

describe('EngineRuns: tasks in flight when the tab dies', () => {
  it('counts the in-flight task after a tab death, runs it alone, and finishes the run', async () => {
    const db = `tab-death-${++dbCount}`;
    const first = tab(db);
    await first.start({}, { prepare: (i) => (i === 2 ? 'hang' : 'ok') });
    expect(await first.hung).toBe('prepare 2');
    // The tab dies here. Task 1 was marked alongside task 2, but it settled
    // (its record was written): only task 2 is to blame.
    const offer = await offered(db);
    expect(offer).toMatchObject({ done: 2, pending: 3 });

    const second = tab(db);
    const resumed = await second.start({ resumeRunId: offer.runId });
    expect(resumed.indices).toEqual([2, 3, 4]);
    // The settled tasks are done without their predictions loaded: those are read back.
    expect([0, 1, 2].map((i) => second.predictions.isDone(i))).toEqual([true, true, false]);
    expect(second.predictions.heldCount).toBe(0);
    expect(await second.predictions.get(1)).toEqual({ model_version: 'yolo@1', result: [] });
    const journal = await journalOf(db);
    expect((await journal.getRun(offer.runId))?.crashes).toEqual({ 2: 1 });
    const summary = await resumed.finished;
    expect(summary).toMatchObject({ state: 'done', done: 5, total: 5, failures: [] });
    expect(await exportedImages(second)).toEqual(TASKS.map((t) => t.data.image));
    expect(await journal.getFlight(offer.runId)).toBeUndefined();
    journal.close();
  });

  it('blames both overlapped tasks; after a second tab death the culprit is failed and the run goes on', async () => {
    const db = `tab-death-twice-${++dbCount}`;
    // Task 1 infers while task 2 is prepared; task 2's image kills the tab.
    const first = tab(db);
    await first.start(
      {},
      {
        infer: (i) => (i === 1 ? 'hang' : 'ok'),
        prepare: (i) => (i === 2 ? 'hang' : 'ok'),
      },
    );
    await first.hung;
    await new Promise((r) => setTimeout(r, 10)); // both stages reached and marked

    // Reload 1: both were in flight, both count one crash and run alone.
    const second = tab(db);
    const run = await second.start(
      { resumeRunId: (await offered(db)).runId },
      {
        prepare: (i) => (i === 2 ? 'hang' : 'ok'),
        onInfer: (i) => {
          if (i === 1) expect(second.inferred).toEqual([]); // alone: task 2 not prepared yet
        },
      },
    );
    expect(run.indices).toEqual([1, 2, 3, 4]);
    expect(await second.hung).toBe('prepare 2');
    // Task 1 ran (alone) and settled; task 2 kills the tab again.
    expect(second.inferred).toEqual([1]);

    // Reload 2: task 2 crashed twice and is failed; task 1 crashed once and is done.
    const offer = await offered(db);
    const third = tab(db);
    const last = await third.start({ resumeRunId: offer.runId });
    expect(last.indices).toEqual([3, 4]);
    const summary = await last.finished;
    expect(summary.failures).toEqual([
      { index: 2, name: 't2.png', stage: 'inference', message: TAB_CRASHED_TWICE },
    ]);
    expect(summary).toMatchObject({ state: 'done', done: 5, total: 5 });
    const journal = await journalOf(db);
    expect((await journal.getRun(offer.runId))?.crashes).toEqual({ 1: 1, 2: 2 });
    expect(await journal.counts(offer.runId)).toMatchObject({ done: 4, failed: 1, pending: 0 });
    expect((await journal.getRun(offer.runId))?.status).toBe('finished');
    // Each done task once, in order, without the failed one.
    expect(await exportedImages(third)).toEqual(['t0.png', 't1.png', 't3.png', 't4.png']);
    journal.close();
  });

  it('a task given up on stays failed when the tab dies again before its failure is written', async () => {
    const db = `lost-failure-${++dbCount}`;
    const journal = await journalOf(db);
    const first = tab(db);
    await first.start({}, { infer: (i) => (i === 0 ? 'hang' : 'ok') });
    await first.hung;
    const runId = (await offered(db)).runId;
    // Two deaths with task 0 in flight are already counted; its failure record was lost.
    await journal.landFlight(runId, { 0: 2 });
    const second = tab(db);
    const run = await second.start({ resumeRunId: runId });
    expect(run.indices).toEqual([1, 2, 3, 4]);
    expect((await run.finished).failures.map((f) => [f.index, f.message])).toEqual([
      [
        0,
        'the tab or its engine worker crashed twice while this task was running (out of memory?)',
      ],
    ]);
    journal.close();
  });

  it('a cancelled or paused run leaves no marks: a reload then counts no crash', async () => {
    const db = `clean-stop-${++dbCount}`;
    const first = tab(db);
    const cancelled = await first.start({}, { onInfer: (i, c) => i === 1 && c.cancel() });
    expect((await cancelled.finished).state).toBe('cancelled');
    const runId = (await offered(db)).runId;
    const journal = await journalOf(db);
    expect(await journal.getFlight(runId)).toBeUndefined();

    // Resumed, then paused with task 3 prepared and waiting; the tab is closed while paused.
    const second = tab(db);
    const paused = await second.start(
      { resumeRunId: runId },
      { onInfer: (i, c) => i === 2 && c.pause() },
    );
    await expect.poll(() => paused.control.state).toBe('paused');
    await expect.poll(() => journal.getFlight(runId)).toBeUndefined();

    const third = tab(db);
    const last = await third.start({ resumeRunId: runId });
    expect((await journal.getRun(runId))?.crashes).toEqual({});
    const summary = await last.finished;
    expect(summary).toMatchObject({ state: 'done', done: 5, failures: [] });
    journal.close();
  });

  it('a worker death the page counted is counted once in the journal too, and failed once', async () => {
    const db = `worker-death-${++dbCount}`;
    const hang3 = { infer: (i: number) => (i === 3 ? 'hang' : 'ok') } as const;
    const first = tab(db);
    await first.start({}, hang3);
    await first.hung;
    const runId = (await offered(db)).runId;

    // The worker died with task 3 inferring and task 4 prepared: the page's
    // ledger counted both and resumes them as suspects.
    const second = tab(db);
    await second.start({ resumeRunId: runId, suspects: [3, 4], crashed: [] }, hang3);
    await second.hung;
    const journal = await journalOf(db);
    expect((await journal.getRun(runId))?.crashes).toEqual({ 3: 1, 4: 1 });

    // Again, with task 3 alone: the page gives up on it; the journal agrees, and fails it once.
    const third = tab(db);
    const last = await third.start({
      resumeRunId: runId,
      suspects: [3, 4],
      crashed: [{ index: 3, message: CRASHED_TWICE }],
    });
    const summary = await last.finished;
    expect(summary.failures).toEqual([
      { index: 3, name: 't3.png', stage: 'inference', message: CRASHED_TWICE },
    ]);
    expect((await journal.getRun(runId))?.crashes).toEqual({ 3: 2, 4: 1 });
    expect(await journal.counts(runId)).toMatchObject({ done: 4, failed: 1 });
    journal.close();
  });

  it('a worker death after a tab death fails the task at its second crash', async () => {
    const db = `tab-then-worker-${++dbCount}`;
    const hang4 = { infer: (i: number) => (i === 4 ? 'hang' : 'ok') } as const;
    const first = tab(db);
    await first.start({}, hang4);
    await first.hung; // the tab dies
    const runId = (await offered(db)).runId;
    const second = tab(db);
    await second.start({ resumeRunId: runId }, hang4);
    await second.hung; // now only the worker dies: the new page's ledger saw one crash
    const third = tab(db);
    const last = await third.start({ resumeRunId: runId, suspects: [4], crashed: [] });
    expect(last.indices).toEqual([]);
    expect((await last.finished).failures).toEqual([
      {
        index: 4,
        name: 't4.png',
        stage: 'inference',
        message:
          'the tab or its engine worker crashed twice while this task was running (out of memory?)',
      },
    ]);
  });
});

describe('EngineRuns.writeClusters', () => {
  it('writes each named cluster onto the journalled prediction; export sends it', async () => {
    const db = `clusters-${++dbCount}`;
    const t = tab(db);
    const { finished } = await t.start({});
    await finished;
    await t.runs.writeClusters(
      new Map([
        [0, 2],
        [3, 1],
      ]),
    );
    const file = await t.runs.exportFile('tasks-with-predictions');
    const tasks = JSON.parse(await file!.blob.text()) as { predictions: { cluster?: number }[] }[];
    expect(tasks.map((task) => task.predictions[0]?.cluster)).toEqual([
      2,
      undefined,
      undefined,
      1,
      undefined,
    ]);
  });
});

describe('EngineRuns: Label next after a reload', () => {
  it('ranks a resumed run’s tasks by the class evidence kept in the journal', async () => {
    const db = `evidence-${++dbCount}`;
    const first = tab(db);
    void first.start({}, { infer: (i) => (i === 3 ? 'hang' : 'ok') });
    expect(await first.hung).toBe('infer 3');
    // The tab dies; the reloaded one resumes with nothing noted in memory.
    const { runId } = await offered(db);
    const second = tab(db);
    const { finished } = await second.start({ resumeRunId: runId });
    await finished;
    expect(second.inferred).toEqual([3, 4]);
    expect(second.evidence.get(0)).toBeUndefined();
    const { list } = await rankLabelNext(
      {
        entries: () => second.predictions.entries(),
        taskId: (i) => i,
        name: (i) => `t${i}.png`,
        evidence: second.evidence,
      },
      { strategy: 'least-confidence', k: 5 },
    );
    expect(list.byScoreOnly).toBe(0);
    expect(list.tasks.map((t) => t.index)).toEqual([1, 3, 0, 4, 2]);
    list.tasks.forEach((t) => {
      const p = Array.from(DISTRIBUTIONS[t.index]!);
      expect(t.certainty).toBeCloseTo(certaintyOf(p, 'least-confidence'), 6);
    });
  });
});
