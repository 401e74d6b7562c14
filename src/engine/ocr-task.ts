// One task through the OCR package: the runtime-neutral runOcr over the three
// ORT-web sessions, then the shared buildOcrPrediction (the CLI's path too).

import type { OcrTarget } from '../core/mapping/ocr-target';
import { buildOcrPrediction } from '../core/predict';
import type { FinishedPrediction, PredictionContext } from '../core/predict';
import { runOcr } from '../models/ocr/pipeline';
import type { TextCandidate } from '../models/ocr/types';
import type { DecodedImage } from './decode-image';
import type { OcrModel } from './ocr-loader';
import { fromOrtOutputs, toOrtFeeds } from './ort-tensors';

export interface OcrRun extends PredictionContext {
  model: OcrModel;
  target: OcrTarget;
  minScore: number;
}

/** Lines read on a downscaled decode → original image pixels. */
export function scaleLines(lines: TextCandidate[], sx: number, sy: number): TextCandidate[] {
  if (sx === 1 && sy === 1) return lines;
  return lines.map((line) => ({
    ...line,
    quad: line.quad.map(([x, y]) => [x * sx, y * sy]) as TextCandidate['quad'],
    box: {
      x: line.box.x * sx,
      y: line.box.y * sy,
      width: line.box.width * sx,
      height: line.box.height * sy,
    },
  }));
}

export async function inferOcrTask(
  run: OcrRun,
  decoded: DecodedImage,
  task: { index: number; data: Record<string, unknown> },
): Promise<FinishedPrediction> {
  const { sessions, dictionary, manifest } = run.model;
  const lines = await runOcr(
    async (key, feeds) => fromOrtOutputs(await sessions[key].run(toOrtFeeds(feeds))),
    decoded.image,
    { dictionary, manifest, minScore: run.minScore },
  );
  const sx = decoded.originalWidth / decoded.image.width;
  const sy = decoded.originalHeight / decoded.image.height;
  return buildOcrPrediction({
    lines: scaleLines(lines, sx, sy),
    target: run.target,
    image: { width: decoded.originalWidth, height: decoded.originalHeight },
    taskIndex: task.index,
    modelVersion: run.modelVersion,
    config: run.config,
    taskData: task.data,
    ...(run.scoreMethod ? { scoreMethod: run.scoreMethod } : {}),
  });
}
