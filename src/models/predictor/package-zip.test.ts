// Zipped model folders: the folder a zip holds is the model's name (else the
// zip's own), its files are read as a dropped folder's, and a file that is
// not a zip, or an empty one, is refused by name.
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { unzipFolder, zipFolder, zipPackageSource } from './package-zip';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('zipped model folders', () => {
  it('reads back the folder it zipped, named after the folder', async () => {
    const zip = zipFolder('digits', {
      'head.json': bytes('{"classNames":["a"]}'),
      'manifest.json': bytes('{"family":"x"}'),
      'model.onnx': new Uint8Array([1, 2, 3]),
    });
    const source = zipPackageSource('renamed.zip', zip);
    expect(source.name).toBe('digits');
    expect(source.listing.files).toEqual(['head.json', 'manifest.json', 'model.onnx']);
    expect(source.listing.json).toEqual({ 'manifest.json': { family: 'x' } });
    expect(await source.read.bytes('model.onnx')).toEqual(new Uint8Array([1, 2, 3]));
    expect(await source.read.text('head.json')).toBe('{"classNames":["a"]}');
    await expect(source.read.bytes('tokenizer.json')).rejects.toThrow(
      'tokenizer.json is missing from renamed.zip',
    );
  });

  it('files at the top (or in several folders) take the zip name; macOS junk is left out', () => {
    const flat = zipSync({
      'head.json': bytes('{}'),
      '__MACOSX/._head.json': bytes('junk'),
      'a/x.onnx': new Uint8Array([1]),
    });
    const { name, files } = unzipFolder('folder/sound.zip', flat);
    expect(name).toBe('sound');
    expect([...files.keys()].sort()).toEqual(['a/x.onnx', 'head.json']);
  });

  it('refuses what is not a zip, or holds nothing, by name', () => {
    expect(() => unzipFolder('head.zip', bytes('{"classNames": []}'))).toThrow(
      /^head\.zip is not a readable zip: /,
    );
    expect(() => unzipFolder('empty.zip', zipSync({ 'only/': new Uint8Array(0) }))).toThrow(
      'empty.zip holds no files',
    );
    const broken = zipFolder('m', { 'manifest.json': bytes('{not json') });
    expect(() => zipPackageSource('m.zip', broken)).toThrow(
      /^m\.zip: manifest\.json is not valid JSON/,
    );
  });
});
