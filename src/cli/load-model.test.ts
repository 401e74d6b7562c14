// A package folder's manifest.json: a broken one is named in the message.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirsRemovedAfterAll } from '../../test/temp-dirs';
import { resolveModelFiles } from './load-model';

const tempDir = tempDirsRemovedAfterAll();

function packageWith(manifest: string): string {
  const dir = join(tempDir('prelabel-load-model-'), 'pkg');
  mkdirSync(dir);
  writeFileSync(join(dir, 'manifest.json'), manifest);
  return dir;
}

describe('resolveModelFiles', () => {
  it('names the manifest that is not valid JSON', async () => {
    const dir = packageWith('{"file": "model.onnx",');
    await expect(resolveModelFiles(dir)).rejects.toThrow(
      `${join(dir, 'manifest.json')} is not valid JSON`,
    );
  });

  it('names the manifest without a "file"', async () => {
    const dir = packageWith('{"id": "x"}');
    await expect(resolveModelFiles(dir)).rejects.toThrow(
      `${join(dir, 'manifest.json')}: "file" must name the package's .onnx file`,
    );
  });

  it('resolves the model file a manifest names', async () => {
    const dir = packageWith('{"file": "net.onnx"}');
    await expect(resolveModelFiles(dir)).resolves.toMatchObject({
      modelPath: join(dir, 'net.onnx'),
      dir,
    });
  });
});
