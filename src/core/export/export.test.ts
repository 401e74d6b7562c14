import { describe, expect, it, vi } from 'vitest';
import type { LsPrediction } from '../results/types';
import type { LsTask } from '../tasks/types';
import {
  collectToBlob,
  collectToString,
  collectWithSummary,
  exportAsAnnotations,
  exportPredictionsOnly,
  exportTasksWithPredictions,
  toReadableStream,
  type ExportItem,
} from './index';

const prediction: LsPrediction = {
  model_version: 'yolov8n@3f2a',
  score: 0.42,
  result: [
    {
      id: 'r1',
      from_name: 'label',
      to_name: 'image',
      type: 'rectanglelabels',
      original_width: 640,
      original_height: 480,
      score: 0.91,
      value: { x: 10.5, y: 20, width: 30, height: 40, rotation: 0, rectanglelabels: ['Car'] },
    },
  ],
};

const oldPrediction = { model_version: 'old', result: [] };
const oldAnnotation = { id: 9, result: [], completed_by: 1 };

const tasks = (): LsTask[] => [
  {
    id: 1,
    data: { image: 'https://host/1.jpg', meta: { camera: 'A' } },
    predictions: [oldPrediction],
    annotations: [oldAnnotation],
    project: 4,
    created_at: '2024-01-01T00:00:00Z',
  },
  { data: { image: 'https://host/2.jpg' } },
  { id: 3, data: { image: 'https://host/3.jpg' }, meta: { source: 'x' } },
];

const items = (): ExportItem[] => tasks().map((task) => ({ task, prediction }));

describe('exportTasksWithPredictions', () => {
  it('keeps every task field and earlier predictions, appending the new one', async () => {
    const out = JSON.parse(await collectToString(exportTasksWithPredictions(items())));
    expect(out).toEqual([
      { ...tasks()[0], predictions: [oldPrediction, prediction] },
      { data: { image: 'https://host/2.jpg' }, predictions: [prediction] },
      {
        id: 3,
        data: { image: 'https://host/3.jpg' },
        meta: { source: 'x' },
        predictions: [prediction],
      },
    ]);
  });

  it('writes one task per line and does not change the input tasks', async () => {
    const input = items();
    const text = await collectToString(exportTasksWithPredictions(input));
    const lines = text.split('\n');
    expect(lines[0]).toBe('[');
    expect(lines.slice(1, 4).map((l) => JSON.parse(l.replace(/,$/, '')).data.image)).toEqual([
      'https://host/1.jpg',
      'https://host/2.jpg',
      'https://host/3.jpg',
    ]);
    expect(lines.slice(4)).toEqual([']', '']);
    expect(input[0]?.task.predictions).toEqual([oldPrediction]);
  });

  it('writes an empty list for no items', async () => {
    expect(JSON.parse(await collectToString(exportTasksWithPredictions([])))).toEqual([]);
  });

  it('accepts async iterables', async () => {
    async function* gen() {
      for (const item of items()) yield item;
    }
    expect(JSON.parse(await collectToString(exportTasksWithPredictions(gen())))).toHaveLength(3);
  });
});

describe('exportPredictionsOnly', () => {
  it('writes {task, result, score, model_version} for tasks with an id and skips the rest', async () => {
    const onSkip = vi.fn();
    const { text, summary } = await collectWithSummary(exportPredictionsOnly(items(), { onSkip }));
    expect(JSON.parse(text)).toEqual([
      { task: 1, result: prediction.result, score: 0.42, model_version: 'yolov8n@3f2a' },
      { task: 3, result: prediction.result, score: 0.42, model_version: 'yolov8n@3f2a' },
    ]);
    expect(summary.written).toBe(2);
    expect(summary.skipped).toEqual([
      { index: 1, reason: expect.stringMatching(/task has no id/) },
    ]);
    expect(onSkip).toHaveBeenCalledTimes(1);
    expect(onSkip.mock.calls[0]?.[1].task.data.image).toBe('https://host/2.jpg');
  });

  it('skips ids that are not positive integers and omits an absent score', async () => {
    const noScore = { model_version: 'm', result: [] };
    const { text, summary } = await collectWithSummary(
      exportPredictionsOnly([
        { task: { id: '7' as unknown as number, data: {} }, prediction: noScore },
        { task: { id: 0, data: {} }, prediction: noScore },
        { task: { id: 12, data: {} }, prediction: noScore },
      ]),
    );
    expect(JSON.parse(text)).toEqual([{ task: 12, result: [], model_version: 'm' }]);
    expect(summary.skipped.map((s) => s.index)).toEqual([0, 1]);
    expect(summary.skipped[0]?.reason).toMatch(/task id "7" is not a Label Studio task id/);
  });
});

describe('exportAsAnnotations', () => {
  it('appends the result as an annotation, keeping result ids and region scores', async () => {
    const out = JSON.parse(await collectToString(exportAsAnnotations(items())));
    const annotation = { result: prediction.result, was_cancelled: false, ground_truth: false };
    expect(out[0]).toEqual({ ...tasks()[0], annotations: [oldAnnotation, annotation] });
    expect(out[1]).toEqual({ data: { image: 'https://host/2.jpg' }, annotations: [annotation] });
    expect(out[0].annotations[1].result[0]).toMatchObject({ id: 'r1', score: 0.91 });
    expect(out[0].annotations[1]).not.toHaveProperty('model_version');
    expect(out[0].predictions).toEqual([oldPrediction]);
  });
});

describe('sinks', () => {
  it('collects into a Blob of the same JSON', async () => {
    const blob = await collectToBlob(exportTasksWithPredictions(items()));
    expect(blob.type).toBe('application/json');
    expect(JSON.parse(await blob.text())).toHaveLength(3);
  });

  it('streams UTF-8 bytes through a ReadableStream', async () => {
    const task = { id: 5, data: { text: 'I ❤️ 🦄 Paris' } };
    const stream = toReadableStream(
      exportTasksWithPredictions([{ task, prediction }], { chunkSize: 1 }),
    );
    const text = await new Response(stream).text();
    expect(JSON.parse(text)[0].data.text).toBe('I ❤️ 🦄 Paris');
  });
});
