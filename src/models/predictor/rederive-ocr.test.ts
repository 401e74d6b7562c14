import { describe, expect, it } from 'vitest';
import { parseLabelingConfig } from '../../core/config';
import { pickOcrTarget } from '../../core/mapping/ocr-target';
import { buildOcrPrediction } from '../../core/predict';
import { ocrFamily } from '../ocr/family';
import type { TextCandidate } from '../ocr/types';
import { ocrRawCandidates } from '../ocr/rethreshold';
import type { ModelManifest } from '../types';
import { scaleLines } from './predict-task';
import { rederiveTask } from './rederive';

describe('scaleLines', () => {
  it('maps lines read on a downscaled decode back to original pixels', () => {
    const line: TextCandidate = {
      kind: 'text',
      quad: [
        [10, 20],
        [50, 20],
        [50, 30],
        [10, 30],
      ],
      box: { x: 10, y: 20, width: 40, height: 10 },
      text: 'PLATFORM 4',
      score: 0.9,
      detScore: 0.8,
      angle: 0,
    };
    const [scaled] = scaleLines([line], 2, 3);
    expect(scaled?.quad).toEqual([
      [20, 60],
      [100, 60],
      [100, 90],
      [20, 90],
    ]);
    expect(scaled?.box).toEqual({ x: 20, y: 60, width: 80, height: 30 });
    expect(scaled).toMatchObject({ text: 'PLATFORM 4', score: 0.9 });
    expect(scaleLines([line], 1, 1)[0]).toBe(line);
  });
});

describe('rederiveTask on an OCR run', () => {
  const config = parseLabelingConfig(`<View>
    <Image name="image" value="$image"/>
    <Polygon name="poly" toName="image"/>
    <TextArea name="transcription" toName="image" perRegion="true"/>
  </View>`);
  const at = (text: string, score: number, y: number): TextCandidate => ({
    kind: 'text',
    quad: [
      [10, y],
      [60, y],
      [60, y + 10],
      [10, y + 10],
    ],
    box: { x: 10, y, width: 50, height: 10 },
    text,
    score,
    detScore: 0.8,
    angle: 0,
  });
  const lines = [at('first', 0.9, 0), at('second', 0.4, 20), at('third', 0.7, 40)];
  const settings = (minScore: number) => ({
    config,
    targets: [],
    ocrTarget: pickOcrTarget(config),
    options: { confidence: minScore, iou: 0, maxDetections: 0 },
    modelVersion: 'ppocr@test',
  });
  const model = { family: ocrFamily, manifest: {} as ModelManifest };
  const task = { index: 3, data: { image: 'x.png' } };
  const image = { width: 200, height: 100 };

  it('is the prediction of the lines at or above the minimum, in reading order', () => {
    const derived = rederiveTask(model, ocrRawCandidates(lines), image, task, settings(0.5));
    const direct = buildOcrPrediction({
      lines: [lines[0]!, lines[2]!],
      target: pickOcrTarget(config),
      image,
      taskIndex: 3,
      modelVersion: 'ppocr@test',
      config,
      taskData: task.data,
      // "second" (0.4) is the line the minimum 0.5 dropped.
      nearMiss: { score: 0.4, threshold: 0.5 },
    });
    expect(derived.exact).toBe(true);
    expect(derived.prediction).toEqual(direct.prediction);
    // The weakest line shown is 0.7; the near miss is surer to be wrong: 1 − 0.4 / 0.5.
    expect(derived.prediction.score).toBeCloseTo(0.2, 12);
    const texts = derived.prediction.result.filter((r) => r.type === 'textarea');
    expect(texts.map((r) => r.value.text)).toEqual([['first'], ['third']]);
  });
});
