// Silero VAD on onnxruntime-node, for tests, benches and the CLI. Node-only.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { openSession, type CliSession } from '../../cli/ort-session';
import {
  createSileroStepper,
  sileroKindOf,
  type SileroKind,
  type SileroStepper,
} from './silero-model';

/** The Silero files `@ricky0123/vad-web` ships (MIT weights). */
export const VAD_WEB_MODELS = [
  'silero_vad_v6.onnx',
  'silero_vad_v5.onnx',
  'silero_vad_legacy.onnx',
] as const;

/** The installed `@ricky0123/vad-web` model file (its `exports` hide the dist folder from resolve). */
export function vadWebModelPath(file: (typeof VAD_WEB_MODELS)[number]): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@ricky0123/vad-web')), file);
}

export interface NodeVad {
  kind: SileroKind;
  session: CliSession;
  /** A fresh stepper (new recurrent state) per file. */
  stepper(): SileroStepper;
  release(): Promise<void>;
}

export async function loadNodeVad(path: string): Promise<NodeVad> {
  const session = await openSession(new Uint8Array(await readFile(path)), 'node');
  const kind = sileroKindOf(session);
  return {
    kind,
    session,
    stepper: () => createSileroStepper((feeds) => session.run(feeds), kind),
    release: () => session.release(),
  };
}
