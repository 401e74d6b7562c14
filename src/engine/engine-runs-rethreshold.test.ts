import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { parseLabelingConfig } from '../core/config';
import { pickOcrTarget } from '../core/mapping/ocr-target';
import type { LsPrediction } from '../core/results/types';
import type { LsTask } from '../core/tasks/types';
import type { TextCandidate } from '../models/ocr/types';
import { ocrFamily } from '../models/ocr/family';
import { ocrRawCandidates } from '../models/ocr/rethreshold';
import { rederiveTask, type PredictSettings } from '../models/predictor';
import type { RunSummary, TaskFailure } from './api';
import { EngineRuns } from './engine-runs';
import { EngineJournal } from './journal/engine-journal';
import { RunJournal } from './journal/run-journal';
import type { LoadedImageModel } from './model-loader';
import { PredictionStore } from './prediction-store';
import { RunControl, runTasks } from './run-loop';

// An OCR run through EngineRuns and a real (fake-indexeddb) journal: each
// task keeps every line read, and a new minimum score afterwards re-derives
// the whole run from the journal, with no inference.

const CONFIG = parseLabelingConfig(`<View>
  <Image name="image" value="$image"/>
  <Labels name="label" toName="image"><Label value="Text"/></Labels>
  <Rectangle name="bbox" toName="image"/>
  <TextArea name="transcription" toName="image" perRegion="true"/>
</View>`);
const TASKS: LsTask[] = Array.from({ length: 4 }, (_, i) => ({ data: { image: `p${i}.png` } }));
const MODEL = {
  kind: 'text',
  family: ocrFamily,
  manifest: { family: 'ocr' },
  sessions: {},
  info: { bytesHash: 'ppocr', name: 'ppocr' },
} as unknown as LoadedImageModel;
const IMAGE = { width: 400, height: 300 };

function line(text: string, score: number, y: number): TextCandidate {
  return {
    kind: 'text',
    quad: [
      [10, y],
      [110, y],
      [110, y + 20],
      [10, y + 20],
    ],
    box: { x: 10, y, width: 100, height: 20 },
    text,
    score,
    detScore: 0.9,
    angle: 0,
  };
}

/** Task i reads three lines: scores 0.95, 0.6 and 0.2 + i/100. */
const linesOf = (i: number) => [
  line(`sure ${i}`, 0.95, 10),
  line(`fair ${i}`, 0.6, 50),
  line(`weak ${i}`, 0.2 + i / 100, 90),
];

function settingsAt(minScore: number): PredictSettings {
  return {
    config: CONFIG,
    targets: [],
    ocrTarget: pickOcrTarget(CONFIG),
    options: { confidence: minScore, iou: 0, maxDetections: 1000 },
    modelVersion: `ppocr@${minScore}`,
  };
}

const requestOf = (minScore: number) => ({
  targets: [],
  options: { confidence: minScore, iou: 0, maxDetections: 1000 },
});

let dbCount = 0;

/** Runs every task as engine.ts does; `keepRaw` false plays a run journalled before OCR kept lines. */
async function ocrRunWith(keepRaw: (i: number) => boolean) {
  const db = `ocr-rethreshold-${++dbCount}`;
  // Two held in memory: the others are read back from the journal, as in a long run.
  const predictions = new PredictionStore({ recent: 2 });
  predictions.reset(TASKS.length);
  const failures = new Map<number, TaskFailure>();
  const runs = new EngineRuns(
    {
      tasks: () => TASKS,
      config: () => CONFIG,
      model: () => MODEL,
      predictions: () => predictions,
      failures: () => failures,
      taskName: (i) => `p${i}.png`,
    },
    new EngineJournal(() => RunJournal.open(db), { maxBatch: 1 }),
  );
  const run = {
    modality: 'image' as const,
    request: requestOf(0.5),
    modelVersion: 'ppocr@0.5',
    model: MODEL,
    settings: settingsAt(0.5),
  };
  const control = new RunControl(() => 0);
  const indices = await runs.begin(run, () => control.cancel());
  const steps = runs.supervise<number>({
    prepare: async (i) => i,
    infer: async (i) => {
      // predictTask's tail: every line kept, the run's minimum applied after.
      const raw = ocrRawCandidates(linesOf(i));
      const task = { index: i, data: TASKS[i]!.data };
      const { exact: _exact, prediction } = rederiveTask(MODEL, raw, IMAGE, task, run.settings);
      predictions.set(i, prediction);
      if (keepRaw(i)) runs.noteRaw(i, raw, IMAGE);
    },
    taskName: (i) => `p${i}.png`,
  });
  const summary = await runTasks<number>(
    {
      indices,
      prepare: steps.prepare,
      infer: steps.infer,
      taskName: (i) => `p${i}.png`,
      onProgress: () => undefined,
      now: () => 0,
    },
    control,
  );
  await runs.end({ ...summary, failures: [] } as RunSummary);
  return { runs, predictions, db };
}

/** Every task's prediction, from memory or the journal. */
function all(predictions: PredictionStore): Promise<(LsPrediction | undefined)[]> {
  return Promise.all(TASKS.map((_, i) => predictions.get(i)));
}

/** Recognised texts of a prediction (the TextArea results). */
function texts(prediction: LsPrediction | undefined): string[] {
  return (prediction?.result ?? [])
    .filter((r) => r.type === 'textarea')
    .flatMap((r) => r.value.text as string[]);
}

describe('EngineRuns.rethreshold on an OCR run', () => {
  it('a new minimum score re-derives every task from the journal, as a fresh run would', async () => {
    const { runs, predictions, db } = await ocrRunWith(() => true);
    expect(texts(await predictions.get(2))).toEqual(['sure 2', 'fair 2']);
    expect(predictions.heldCount).toBe(2);

    const strict = await runs.rethreshold({
      modality: 'image',
      request: requestOf(0.9),
      modelVersion: 'ppocr@0.9',
      model: MODEL,
      settings: settingsAt(0.9),
    });
    expect(strict).toMatchObject({
      supported: true,
      tasks: 4,
      changed: 4,
      inexact: 0,
      modelVersion: 'ppocr@0.9',
    });
    expect(texts(await predictions.get(2))).toEqual(['sure 2']);
    expect(predictions.heldCount).toBe(2);
    // 3 results per line (rectangle, label, text): one line per task.
    expect(strict.regions).toBe(4 * 3);

    // Lower than the run's own 0.5: lines the run did not show come back.
    const loose = await runs.rethreshold({
      modality: 'image',
      request: requestOf(0.215),
      modelVersion: 'ppocr@0.215',
      model: MODEL,
      settings: settingsAt(0.215),
    });
    expect(loose).toMatchObject({ supported: true, inexact: 0, changed: 4 });
    const now = await all(predictions);
    expect(now.map((p) => texts(p).length)).toEqual([2, 2, 3, 3]);
    // Each equals what a fresh run at 0.215 writes (it reads every line, then keeps ≥ 0.215).
    TASKS.forEach((task, i) => {
      const fresh = rederiveTask(
        MODEL,
        ocrRawCandidates(linesOf(i)),
        IMAGE,
        { index: i, data: task.data },
        settingsAt(0.215),
      );
      expect(now[i]).toEqual(fresh.prediction);
    });

    // The same settings again: re-derived, but no task changed.
    const same = await runs.rethreshold({
      modality: 'image',
      request: requestOf(0.215),
      modelVersion: 'ppocr@0.215',
      model: MODEL,
      settings: settingsAt(0.215),
    });
    expect(same).toMatchObject({ supported: true, tasks: 4, changed: 0 });

    // The journal holds the new predictions and settings: a reload exports them.
    const journal = await RunJournal.open(db);
    const run = (await journal.listRuns())[0]!;
    expect(run.settings.request.options.confidence).toBe(0.215);
    for await (const record of journal.readTasks(run.id, { state: 'done' })) {
      expect(record.prediction).toEqual(now[record.index]);
    }
    journal.close();
  });

  it('a run that kept no lines is not re-derived (and its settings stay)', async () => {
    const { runs, predictions, db } = await ocrRunWith(() => false);
    const before = await all(predictions);
    const summary = await runs.rethreshold({
      modality: 'image',
      request: requestOf(0.9),
      modelVersion: 'ppocr@0.9',
      model: MODEL,
      settings: settingsAt(0.9),
    });
    expect(summary.supported).toBe(false);
    expect(summary.reason).toMatch(/kept no raw candidates/);
    expect(await all(predictions)).toEqual(before);
    const journal = await RunJournal.open(db);
    expect((await journal.listRuns())[0]!.settings.request.options.confidence).toBe(0.5);
    journal.close();
  });

  it('tasks that kept no lines count as inexact', async () => {
    const { runs, predictions } = await ocrRunWith((i) => i !== 1);
    const summary = await runs.rethreshold({
      modality: 'image',
      request: requestOf(0.9),
      modelVersion: 'ppocr@0.9',
      model: MODEL,
      settings: settingsAt(0.9),
    });
    expect(summary).toMatchObject({ supported: true, tasks: 3, inexact: 1 });
    // Task 1 keeps the prediction of the run (0.5), the others follow 0.9.
    expect(texts(await predictions.get(1))).toEqual(['sure 1', 'fair 1']);
    expect(texts(await predictions.get(0))).toEqual(['sure 0']);
  });
});
