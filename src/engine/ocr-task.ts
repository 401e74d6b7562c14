// One task through the OCR package: the runtime-neutral runOcr over the three
// ORT-web sessions, then the shared buildOcrPrediction (the CLI's path too).
// Every line is read and kept (the raw candidates), and the run's minimum
// score applied after, by the same function later settings changes use.

import type { OcrTarget } from '../core/mapping/ocr-target';
import { buildOcrPrediction } from '../core/predict';
import type { FinishedPrediction, PredictionContext } from '../core/predict';
import { runOcr } from '../models/ocr/pipeline';
import type { TextCandidate } from '../models/ocr/types';
import type { RawCandidates } from '../models/rethreshold';
import { linesAtMinScore, OCR_RAW_MIN_SCORE, ocrRawCandidates } from '../models/rethreshold-ocr';
import type { DecodedImage } from './decode-image';
import type { OcrModel } from './ocr-loader';
import { fromOrtOutputs, toOrtFeeds } from './ort-tensors';
import type { TaskImageSize } from './rederive-task';

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

/** What re-deriving an OCR task needs: the run without its model. */
export type OcrRederiveContext = Omit<OcrRun, 'model'>;

export interface OcrTaskResult extends FinishedPrediction {
  /** Every line read, in original pixels (re-thresholding later needs no inference). */
  raw: RawCandidates;
  image: TaskImageSize;
}

/** A task's prediction from its kept lines at the run's minimum score. */
export function rederiveOcrPrediction(
  run: OcrRederiveContext,
  raw: RawCandidates,
  image: TaskImageSize,
  task: { index: number; data: Record<string, unknown> },
): FinishedPrediction & { exact: boolean } {
  const { lines, exact } = linesAtMinScore(raw, run.minScore);
  const built = buildOcrPrediction({
    lines,
    target: run.target,
    image: { width: image.width, height: image.height },
    taskIndex: task.index,
    modelVersion: run.modelVersion,
    config: run.config,
    taskData: task.data,
    ...(run.scoreMethod ? { scoreMethod: run.scoreMethod } : {}),
  });
  return { ...built, exact };
}

export async function inferOcrTask(
  run: OcrRun,
  decoded: DecodedImage,
  task: { index: number; data: Record<string, unknown> },
): Promise<OcrTaskResult> {
  const { sessions, dictionary, manifest } = run.model;
  const lines = await runOcr(
    async (key, feeds) => fromOrtOutputs(await sessions[key].run(toOrtFeeds(feeds))),
    decoded.image,
    { dictionary, manifest, minScore: OCR_RAW_MIN_SCORE },
  );
  const sx = decoded.originalWidth / decoded.image.width;
  const sy = decoded.originalHeight / decoded.image.height;
  const scaled = scaleLines(lines, sx, sy);
  const image = { width: decoded.originalWidth, height: decoded.originalHeight };
  // This task's prediction from every line; the journal keeps those its budget allows.
  const every = ocrRawCandidates(scaled, Infinity);
  const { exact: _exact, ...prediction } = rederiveOcrPrediction(run, every, image, task);
  return { ...prediction, raw: ocrRawCandidates(scaled), image };
}
