// The model_version a run's predictions carry, computed here for the worker
// (what it writes), the page (what it shows before the run) and the CLI:
// model name + hash of (bytes, mapping, thresholds).
import type { VisionTarget } from '../../core/mapping/vision-targets';
import { modelVersionOf } from '../../core/predict/model-version';
import type { CandidateKind, DecodeOptions } from '../types';

export interface VersionedModel {
  /** Manifest id (packages, built-ins) or the file name without extension. */
  id: string;
  name: string;
  kind: CandidateKind;
  /** SHA-256 of the model bytes (OCR: of the detector). */
  bytesHash: string;
}

export interface VersionedRun {
  targets: readonly Pick<VisionTarget, 'fromName' | 'mapping'>[];
  options: DecodeOptions;
}

/** The settings that can change the predictions. */
export function versionSettings(model: VersionedModel, run: VersionedRun): Record<string, unknown> {
  // Text lines depend only on the minimum score.
  if (model.kind === 'text') return { minScore: run.options.confidence };
  return { mappings: run.targets.map((t) => [t.fromName, t.mapping]), ...run.options };
}

export function runModelVersion(model: VersionedModel, run: VersionedRun): Promise<string> {
  // Packages of several files are named by id (`--model ppocr-v4`).
  const name = model.kind === 'text' ? model.id : model.name;
  return modelVersionOf(name, model.bytesHash, versionSettings(model, run));
}

/** A text or audio run: the control it fills, the class → label mapping and its options. */
export interface PackageRun {
  target: readonly [fromName: string, toName: string];
  mapping?: Readonly<Record<string, string | null>>;
  /** The minimum score or multiple-choice threshold the run was given. */
  conf?: number | undefined;
  /** Family options that change the output (a prompt template, sampling, VAD rules…). */
  [option: string]: unknown;
}

/** model_version of a package model (text, audio): its id + hash of (bytes, run settings). */
export function packageModelVersion(
  model: { id: string; bytesHash: string },
  run: PackageRun,
): Promise<string> {
  return modelVersionOf(model.id, model.bytesHash, { ...run, target: [...run.target] });
}

/**
 * model_version of an image head's run (`prelabel predict --model head.json
 * --backbone`, the app's run, the worker's learnPredict): the `<Choices>` it
 * fills, the class → label mapping, the threshold (the default is hashed as
 * the number it means, as for text heads) and the backbone's SHA-256.
 */
export function imageHeadModelVersion(
  model: { id: string; bytesHash: string },
  run: {
    fromName: string;
    toName: string;
    mapping: Readonly<Record<string, string | null>>;
    conf: number;
    backbone: string | undefined;
  },
): Promise<string> {
  return packageModelVersion(model, {
    target: [run.fromName, run.toName],
    mapping: run.mapping,
    conf: run.conf,
    backbone: run.backbone,
  });
}
