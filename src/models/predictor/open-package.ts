// Opening a text or audio model the same way everywhere: the registry finds
// the package family that claims the folder's files (or the built-in by id),
// the family opens its sessions on the caller's runtime, and the main file's
// bytes name the model in model_version.
import { modelBytesHash } from '../../core/predict/model-version';
import { builtinPackages, recognisePackage } from '../registry';
import { tensorSessionOf } from '../shared/tensor-session';
import type {
  AnyPackageFamily,
  PackageListing,
  PackagePredictor,
  PackageReader,
  PackageResultKind,
} from '../types';
import { ModelOpenError } from './open-model';
import type { OnnxRuntime, RuntimeSession } from './runtime';

export interface PackageSource {
  /** The folder's (or lone file's) name: messages, and the id when the family names none. */
  name: string;
  listing: PackageListing;
  read: PackageReader;
}

export interface OpenedPackageModel {
  kind: 'package';
  family: AnyPackageFamily;
  resultKind: PackageResultKind;
  /** Manifest id, head version, built-in id or folder name. */
  id: string;
  /** Why the family took it (or `built-in`). */
  reason: string;
  /**
   * The family's predictor. Its candidates are `PackageCandidates[resultKind]`
   * and its input `ModalityInput[family.modality]` (the contract types them per kind).
   */
  predictor: PackagePredictor<never, unknown>;
  /** SHA-256 of the main file's bytes (a built-in: of its id and source). */
  bytesHash: string;
  sessions: Record<string, RuntimeSession>;
}

/** Run options the families read (generation: `{ generation: GenerateOptions }`). */
export type PackageOptions = Readonly<Record<string, unknown>>;

/** A built-in model by id (`builtin-entities`), or null when no family has one of that id. */
export async function openBuiltinPackage(id: string): Promise<OpenedPackageModel | null> {
  const entry = builtinPackages[id];
  if (!entry) return null;
  const { builtin, family } = entry;
  // No weights: the version names the built-in and where its code comes from.
  const bytesHash = await modelBytesHash(new TextEncoder().encode(`${id}:${builtin.source}`));
  return {
    kind: 'package',
    family,
    resultKind: family.resultKind,
    id,
    reason: 'built-in',
    predictor: (await builtin.open()) as PackagePredictor<never, unknown>,
    bytesHash,
    sessions: {},
  };
}

/**
 * Opens a package on `runtime`: null when no package family claims its files
 * (an image model, say). Throws ModelOpenError naming the package and the
 * cause (a broken manifest, a missing file, what the runtime said).
 */
export async function openPackageModel(
  source: PackageSource,
  runtime: OnnxRuntime,
  options: PackageOptions = {},
): Promise<OpenedPackageModel | null> {
  const sessions: Record<string, RuntimeSession> = {};
  try {
    const found = recognisePackage(source.listing);
    if (!found) return null;
    const { family, match } = found;
    let bytesHash: string | undefined;
    const openSession = async (file: string) => {
      const bytes = await source.read.bytes(file);
      if (file === match.model) bytesHash = await modelBytesHash(bytes);
      const session = await runtime.createSession(bytes, file, async () => undefined);
      sessions[file] = session;
      return tensorSessionOf(session);
    };
    const predictor = await family.open(openSession, source.read, match as never, options);
    bytesHash ??= await modelBytesHash(await source.read.bytes(match.model));
    return {
      kind: 'package',
      family,
      resultKind: family.resultKind,
      id: match.id ?? source.name,
      reason: match.reason,
      predictor: predictor as PackagePredictor<never, unknown>,
      bytesHash,
      sessions,
    };
  } catch (error) {
    await Promise.all(Object.values(sessions).map((s) => s.release().catch(() => undefined)));
    const message = error instanceof Error ? error.message : String(error);
    const named = message.startsWith(source.name) ? message : `${source.name}: ${message}`;
    throw new ModelOpenError(named, { cause: error });
  }
}
