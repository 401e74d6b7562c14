import { describe, expect, it } from 'vitest';
import { parseLabelingConfig } from '../core/config';
import { pickOcrTarget } from '../core/mapping/ocr-target';
import { buildOcrPrediction } from '../core/predict';
import type { TextCandidate } from '../models/ocr/types';
import { ocrRawCandidates } from '../models/ocr/rethreshold';
import { rederiveOcrPrediction, scaleLines } from './ocr-task';

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

describe('rederiveOcrPrediction', () => {
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
  const run = (minScore: number) => ({
    target: pickOcrTarget(config),
    minScore,
    config,
    modelVersion: 'ppocr@test',
  });
  const task = { index: 3, data: { image: 'x.png' } };
  const image = { width: 200, height: 100 };

  it('is the prediction of the lines at or above the minimum, in reading order', () => {
    const derived = rederiveOcrPrediction(run(0.5), ocrRawCandidates(lines), image, task);
    const direct = buildOcrPrediction({
      lines: [lines[0]!, lines[2]!],
      target: run(0.5).target,
      image,
      taskIndex: 3,
      modelVersion: 'ppocr@test',
      config,
      taskData: task.data,
    });
    expect(derived.exact).toBe(true);
    expect(derived.prediction).toEqual(direct.prediction);
    const texts = derived.prediction.result.filter((r) => r.type === 'textarea');
    expect(texts.map((r) => r.value.text)).toEqual([['first'], ['third']]);
  });
});
