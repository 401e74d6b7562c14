// The model families the app knows, the guess of a family for a dropped
// .onnx without a manifest, and which family a package folder (text, audio)
// belongs to. Adding a family: its folder under src/models/ and one line in
// FAMILIES below.
import { audioAsrFamily } from './audio-asr/family';
import { audioClassificationFamily } from './audio-classification/family';
import { audioVadFamily } from './audio-vad/family';
import { classificationFamily } from './classification/family';
import { imageHeadFamily } from './image-head/family';
import { nanodetFamily } from './nanodet/family';
import { ocrFamily } from './ocr/family';
import { semanticSegFamily } from './semantic-seg/family';
import type { BareModelSupport } from './shared/bare-model';
import { ModelLayoutError } from './shared/errors';
import type { ModelIO } from './shared/model-io';
import { formatDims, imageInputOf } from './shared/model-io';
import { textClassificationFamily } from './text-classification/family';
import { textEntitiesFamily } from './text-entities/family';
import { textGenerationFamily } from './text-generation/family';
import type {
  AnyPackageFamily,
  BuiltinPackage,
  SessionFamily,
  ModelFamily,
  ModelManifest,
  PackageListing,
  PackageMatch,
} from './types';
import { ultralyticsFamilies } from './ultralytics';
import { yoloxFamily } from './yolox/family';
import { yunetFamily } from './yunet/family';

/**
 * Every family, in the order a dropped .onnx is tried against them:
 * Ultralytics first because its metadata is conclusive (each task's family
 * takes its own exports), the generic classifier last (any [1,C] output fits).
 */
const FAMILIES: readonly ModelFamily[] = [
  ...ultralyticsFamilies,
  yoloxFamily,
  nanodetFamily,
  yunetFamily,
  semanticSegFamily,
  classificationFamily,
  ocrFamily,
  // Package families, tried in this order on a folder: a manifest or head
  // file is conclusive; a BIO config.json and a Whisper encoder/decoder pair
  // before the LM layouts (tokenizer.json + a decoder) they also fit.
  textClassificationFamily,
  imageHeadFamily,
  textEntitiesFamily,
  audioVadFamily,
  audioAsrFamily,
  audioClassificationFamily,
  textGenerationFamily,
];

export const families: Record<string, ModelFamily> = Object.fromEntries(
  FAMILIES.map((f) => [f.id, f]),
);

const imageFamilies = FAMILIES.filter((f): f is SessionFamily => f.kind !== 'package');
const packageFamilies = FAMILIES.filter((f): f is AnyPackageFamily => f.kind === 'package');

/** The families that recognise a bare .onnx, in the order they are tried. */
export const bareModelSupport: readonly BareModelSupport[] = imageFamilies.flatMap((f) =>
  f.bare ? [f.bare] : [],
);

/** The image families a user can pick for a bare .onnx (those that recognise one). */
export const bareModelFamilies: readonly SessionFamily[] = imageFamilies.filter((f) => f.bare);

/** A built-in model (no file of the user's) and the family that runs it. */
export interface BuiltinEntry {
  builtin: BuiltinPackage<unknown, unknown>;
  family: AnyPackageFamily;
}

/** Every family's built-ins, by id (`builtin-entities`). */
export const builtinPackages: Record<string, BuiltinEntry> = Object.fromEntries(
  packageFamilies.flatMap((family) =>
    family.builtins.map((b) => [
      b.id,
      { builtin: b as BuiltinPackage<unknown, unknown>, family } satisfies BuiltinEntry,
    ]),
  ),
);

/** The package family that claims a folder (or a lone file), or null when none does. */
export function recognisePackage(
  listing: PackageListing,
): { family: AnyPackageFamily; match: PackageMatch } | null {
  for (const family of packageFamilies) {
    let match: PackageMatch | null;
    try {
      match = family.recognise(listing);
    } catch (error) {
      throw new BrokenPackageError(family, error);
    }
    if (match) return { family, match };
  }
  return null;
}

/** A package a family claims but cannot use (a broken manifest, a missing file): the family's message. */
export class BrokenPackageError extends Error {
  constructor(
    readonly family: AnyPackageFamily,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'BrokenPackageError';
  }
}

/** What the package families look for, for a folder none of them claims. */
export const PACKAGE_EXPECTED = packageFamilies.map((f) => f.expects).join('; or ');

export function getFamily(id: string): ModelFamily {
  const family = families[id];
  if (!family) {
    throw new Error(`Unknown model family "${id}" (known: ${Object.keys(families).join(', ')})`);
  }
  return family;
}

export interface FamilyGuess {
  family: string;
  /** Why this family was chosen, for the UI ("ONNX metadata written by Ultralytics…"). */
  reason: string;
}

function describeOutputs(io: ModelIO): string {
  if (io.outputs.length === 0) return 'the model has no outputs';
  if (io.outputs.length === 1) {
    const out = io.outputs[0] as ModelIO['outputs'][number];
    return `${out.name} has shape ${formatDims(out.dims)}`;
  }
  return `the outputs are ${io.outputs.map((o) => `${o.name} ${formatDims(o.dims)}`).join(', ')}`;
}

/**
 * Guesses the family of a model from its ONNX metadata and input/output
 * shapes. Throws ModelLayoutError naming what was expected and what was found
 * when the input is not one image tensor or no family recognises the outputs.
 */
export function detectFamily(io: ModelIO, metadata: Record<string, string> = {}): FamilyGuess {
  imageInputOf(io);
  for (const support of bareModelSupport) {
    const reason = support.recognise(io, metadata);
    if (reason !== null) return { family: support.familyId, reason };
  }
  throw new ModelLayoutError(
    describeOutputs(io),
    bareModelSupport.map((s) => s.expects).join('; or '),
  );
}

/** A full manifest for a dropped .onnx (family guessed, names from metadata or defaults). */
export function manifestForBareModel(
  io: ModelIO,
  metadata: Record<string, string>,
  fileName: string,
): ModelManifest {
  const { family } = detectFamily(io, metadata);
  const support = bareModelSupport.find((s) => s.familyId === family) as BareModelSupport;
  return support.manifest(io, metadata, fileName);
}
