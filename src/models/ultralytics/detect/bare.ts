import type { ModelManifest } from '../../types';
import type { BareModelSupport } from '../../shared/bare-model';
import { defaultClassNames, idFromFileName } from '../../shared/bare-model';
import { ModelLayoutError } from '../../shared/errors';
import type { ModelIO, NamedDims } from '../../shared/model-io';
import { formatDims, gridCells, imageInputOf, staticDim, sum } from '../../shared/model-io';
import { manifestFromOnnxMetadata, isUltralyticsMetadata } from '../manifest';
import type { UltralyticsLayout } from '../meta';
import {
  BOX_TASKS,
  ULTRALYTICS_DEFAULTS,
  ULTRALYTICS_FAMILY_ID,
  ultralyticsPreprocess,
} from '../meta';

const YOLOV5_ANCHORS_PER_CELL = 3;
const P5_STRIDES = [8, 16, 32];
/** "P6" models (yolov8n-p6, yolov5n6…) add a stride-64 level. */
const P6_STRIDES = [8, 16, 32, 64];
const DEFAULT_SIZE = 640;

interface ShapeGuess {
  layout: UltralyticsLayout;
  classCount: number;
  reason: string;
}

function firstRank3(io: ModelIO): NamedDims | undefined {
  return io.outputs.find((o) => o.dims.length === 3);
}

/** Recognises an Ultralytics head from its output shape alone (no metadata). */
function guessFromShape(io: ModelIO): ShapeGuess | null {
  const out = firstRank3(io);
  if (!out) return null;
  const [batch, a, b] = out.dims.map(staticDim);
  if (batch !== 1 || a === undefined || b === undefined) return null;
  const shape = `output "${out.name}" ${formatDims(out.dims)}`;
  const input = imageInputOf(io);
  // One anchor per cell (v8/11 heads) or three (v5); unknown for dynamic inputs.
  const cells =
    input.width !== undefined && input.height !== undefined
      ? [P5_STRIDES, P6_STRIDES].map((strides) =>
          sum(gridCells(input.width as number, input.height as number, strides)),
        )
      : undefined;
  if (a > 4 && a < b && (cells === undefined || cells.includes(b))) {
    return {
      layout: 'detect',
      classCount: a - 4,
      reason: `${shape}: 4 box rows + ${a - 4} class rows`,
    };
  }
  if (b === 6 && a > b) {
    // The class count is not in the shape; COCO is by far the common case.
    return {
      layout: 'end2end',
      classCount: 80,
      reason: `${shape}: NMS-free x1,y1,x2,y2,score,class rows`,
    };
  }
  if (b > 5 && cells?.some((n) => a === YOLOV5_ANCHORS_PER_CELL * n)) {
    return {
      layout: 'yolov5',
      classCount: b - 5,
      reason: `${shape}: 3 anchors per cell, box + objectness + ${b - 5} classes`,
    };
  }
  return null;
}

function shapeManifest(io: ModelIO, guess: ShapeGuess, fileName: string): ModelManifest {
  const input = imageInputOf(io);
  const id = idFromFileName(fileName);
  return {
    id,
    name: id,
    family: ULTRALYTICS_FAMILY_ID,
    task: 'detect',
    file: fileName,
    classNames: defaultClassNames(guess.classCount),
    preprocess: ultralyticsPreprocess(
      input.width ?? DEFAULT_SIZE,
      input.height ?? DEFAULT_SIZE,
      input.layout,
    ),
    decode: { layout: guess.layout },
    defaults: { ...ULTRALYTICS_DEFAULTS },
  };
}

/** Ultralytics tasks decoded by the ultralytics-seg/-pose/-obb and classification families. */
const OTHER_FAMILY_TASKS = ['segment', 'pose', 'obb', 'classify'] as const;

/** A -seg export: a rank-3 head plus a rank-4 prototype output. */
function hasMaskPrototypes(io: ModelIO): boolean {
  return (
    io.outputs.length === 2 &&
    io.outputs.some((o) => o.dims.length === 3) &&
    io.outputs.some((o) => o.dims.length === 4)
  );
}

const EXPECTS = '[1,4+classes,N] (Ultralytics), [1,300,6] (end2end), [1,N,5+classes] (YOLOv5)';

export const ultralyticsBareModel: BareModelSupport = {
  familyId: ULTRALYTICS_FAMILY_ID,
  expects: EXPECTS,

  recognise(io, metadata) {
    // Masks, keypoints, angles and class scores belong to their own families.
    if (hasMaskPrototypes(io)) return null;
    if (isUltralyticsMetadata(metadata)) {
      const task = metadata.task ?? 'detect';
      if ((OTHER_FAMILY_TASKS as readonly string[]).includes(task)) return null;
      if (!(BOX_TASKS as readonly string[]).includes(task)) {
        throw new ModelLayoutError(
          `this Ultralytics model's task is "${task}"`,
          `an Ultralytics ${BOX_TASKS.join(', ')} model`,
        );
      }
      return `ONNX metadata written by Ultralytics (task ${task})`;
    }
    return guessFromShape(io)?.reason ?? null;
  },

  manifest(io, metadata, fileName) {
    const input = imageInputOf(io);
    if (isUltralyticsMetadata(metadata)) {
      return manifestFromOnnxMetadata(metadata, io.inputs[0]?.dims ?? [], fileName);
    }
    const guess = guessFromShape(io);
    if (!guess) {
      const out = firstRank3(io);
      throw new ModelLayoutError(
        out
          ? `output "${out.name}" has shape ${formatDims(out.dims)}`
          : `input "${input.name}" has no rank-3 output`,
        EXPECTS,
      );
    }
    return shapeManifest(io, guess, fileName);
  },
};
