import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { parseLabelingConfig } from '../../core/config';
import type { LsTask } from '../../core/tasks/types';
import type { VisionTarget } from '../../core/mapping/vision-targets';
import { DEFAULT_RAW_PLAN, type RawCandidates } from '../../models/rethreshold';
import type { BoxCandidate, DecodeOptions } from '../../models/types';
import type { ExportFormat } from '../api';
import { exportToFile } from '../export-file';
import { rederiveTask, type PredictSettings, type TaskImageSize } from '../../models/predictor';
import type { ModelManifest } from '../../models/types';
import { ultralyticsFamily } from '../../models/ultralytics';
import { journalExportSource } from './export-run';
import { packCandidates, unpackCandidates } from './packed-candidates';
import { rewriteRun } from './rewrite-run';
import { RunJournal } from './run-journal';
import type { RunSettings, TaskRecord } from './types';

const config = parseLabelingConfig(`<View>
  <Image name="image" value="$image"/>
  <RectangleLabels name="label" toName="image">
    <Label value="person"/><Label value="cat"/>
  </RectangleLabels>
</View>`);
const classNames = ['person', 'cat', 'dog'];
const target = (mapping: Record<string, string | null>): VisionTarget => ({
  kind: 'rectangle',
  fromName: 'label',
  toName: 'image',
  hasLabels: true,
  mapping,
});
const image = { width: 640, height: 480 };

/** Per task: a strong person, a weaker overlapping person, a weak cat, a dog. */
function rawFor(i: number): RawCandidates<BoxCandidate> {
  const box = (classIndex: number, score: number, x: number): BoxCandidate => ({
    kind: 'box',
    classIndex,
    score,
    x: x + i,
    y: 10,
    width: 100,
    height: 100,
  });
  return {
    candidates: [box(0, 0.9, 0), box(0, 0.7, 20), box(2, 0.5, 300), box(1, 0.3, 400)],
    floor: DEFAULT_RAW_PLAN.floor,
    truncated: false,
  };
}

const tasks: LsTask[] = Array.from({ length: 12 }, (_, i) =>
  i === 3
    ? { id: 103, data: { image: `img${i}.png` }, meta: { note: 'kept' } }
    : { data: { image: `img${i}.png` } },
);

function context(options: DecodeOptions, mapping: Record<string, string | null>): PredictSettings {
  return {
    config,
    targets: [target(mapping)],
    options,
    modelVersion: `yolo@${options.confidence}`,
  };
}

/** A detector's boxes (class-aware NMS), as the predictor re-derives them. */
const model = {
  family: ultralyticsFamily,
  manifest: { classNames, decode: {} } as unknown as ModelManifest,
};
const rederivePrediction = (
  ctx: PredictSettings,
  raw: RawCandidates,
  image: TaskImageSize,
  task: { index: number; data: Record<string, unknown> },
) => rederiveTask(model, raw, image, task, ctx);

const first = context(
  { confidence: 0.25, iou: 0.5, maxDetections: 100 },
  { person: 'person', cat: 'cat', dog: null },
);

function settings(request = first): RunSettings {
  return {
    modelHash: 'm',
    modelName: 'yolo',
    modelVersion: request.modelVersion,
    configHash: 'c',
    sourceFingerprint: 's',
    request: { targets: [...request.targets], options: request.options },
    raw: DEFAULT_RAW_PLAN,
  };
}

/** What a run writes for task i (task 5 fails). */
function recordFor(i: number, ctx = first): TaskRecord {
  if (i === 5) {
    return {
      runId: '',
      index: i,
      state: 'failed',
      failure: { name: 'img5.png', stage: 'image', message: 'cannot decode the image' },
      at: 0,
    };
  }
  const raw = rawFor(i);
  const { prediction } = rederivePrediction(ctx, raw, image, { index: i, data: tasks[i]!.data });
  return {
    runId: '',
    index: i,
    state: 'done',
    task: tasks[i],
    prediction,
    raw: packCandidates(raw),
    image,
    at: 0,
  };
}

/** The export an uninterrupted in-memory run gives (the engine's own path). */
async function inMemoryExport(format: ExportFormat, ctx = first) {
  const items = tasks.flatMap((task, i) => {
    const r = recordFor(i, ctx);
    return r.prediction ? [{ task, prediction: r.prediction }] : [];
  });
  return exportToFile(format, {
    items,
    itemCount: items.length,
    total: tasks.length,
    modelName: 'yolo',
  });
}

let journal: RunJournal;
let n = 0;
afterEach(() => journal?.close());

describe('export from the journal', () => {
  it('after a run interrupted and resumed (out-of-order batches), equals an uninterrupted run', async () => {
    journal = await RunJournal.open(`export-test-${++n}`);
    const run = await journal.createRun(settings(), tasks.length);
    // Session 1 wrote some tasks; session 2 (after a reload) the rest, in other batches.
    await journal.writeTasks(
      run.id,
      [0, 1, 2, 3].map((i) => recordFor(i)),
    );
    await journal.writeTasks(
      run.id,
      [7, 5, 6].map((i) => recordFor(i)),
    );
    await journal.writeTasks(
      run.id,
      [4, 8, 9, 10, 11].map((i) => recordFor(i)),
    );

    for (const format of ['tasks-with-predictions', 'predictions-only', 'annotations'] as const) {
      const fromJournal = await exportToFile(format, await journalExportSource(journal, run.id));
      const expected = await inMemoryExport(format);
      expect(await fromJournal.blob.text()).toBe(await expected.blob.text());
      expect(fromJournal).toMatchObject({
        fileName: expected.fileName,
        written: expected.written,
        skipped: expected.skipped,
        skippedReasons: expected.skippedReasons,
      });
    }
    const parsed = JSON.parse(
      await (
        await exportToFile('tasks-with-predictions', await journalExportSource(journal, run.id))
      ).blob.text(),
    );
    expect(parsed).toHaveLength(11);
    expect(parsed[3].meta).toEqual({ note: 'kept' });
  });

  it('re-thresholding the journalled run equals a fresh run with the new settings', async () => {
    journal = await RunJournal.open(`export-test-${++n}`);
    const run = await journal.createRun(settings(), tasks.length);
    await journal.writeTasks(
      run.id,
      tasks.map((_, i) => recordFor(i)),
    );
    const before = JSON.parse(
      await (
        await exportToFile('tasks-with-predictions', await journalExportSource(journal, run.id))
      ).blob.text(),
    );
    // 0.25 / IoU 0.5: the second person overlaps the first (IoU 0.67) and goes; the dog maps to nothing.
    expect(
      before[0].predictions[0].result.map(
        (r: { value: { rectanglelabels: string[] } }) => r.value.rectanglelabels[0],
      ),
    ).toEqual(['person', 'cat']);

    // Stricter confidence, looser IoU, and dogs now labelled as cats.
    const second = context(
      { confidence: 0.4, iou: 0.8, maxDetections: 100 },
      { person: 'person', cat: 'cat', dog: 'cat' },
    );
    const summary = await rewriteRun(journal, run.id, settings(second), (record) =>
      rederivePrediction(second, unpackCandidates(record.raw!), record.image!, {
        index: record.index,
        data: record.task!.data,
      }),
    );
    // Every task changed (2 regions before, 3 after: the dog now counts as a cat).
    expect(summary).toEqual({ tasks: 11, withoutRaw: 0, inexact: 0, regions: 11 * 3, changed: 11 });

    const after = await exportToFile(
      'tasks-with-predictions',
      await journalExportSource(journal, run.id),
    );
    const fresh = await inMemoryExport('tasks-with-predictions', second);
    expect(await after.blob.text()).toBe(await fresh.blob.text());
    const labels = JSON.parse(await after.blob.text())[0].predictions[0].result.map(
      (r: { value: { rectanglelabels: string[] } }) => r.value.rectanglelabels[0],
    );
    expect(labels).toEqual(['person', 'person', 'cat']);
    expect((await journal.getRun(run.id))?.settings.modelVersion).toBe('yolo@0.4');
  });

  it('says there is nothing to export before any task is done', async () => {
    journal = await RunJournal.open(`export-test-${++n}`);
    const run = await journal.createRun(settings(), 3);
    await expect(
      exportToFile('tasks-with-predictions', await journalExportSource(journal, run.id)),
    ).rejects.toThrow('no predictions to export yet');
  });
});
