import { describe, expect, it } from 'vitest';
import { modelBytesHash, modelVersionOf } from './model-version';

describe('modelVersionOf', () => {
  const settings = { mapping: { person: 'Person' }, confidence: 0.25, iou: 0.45 };

  it('names the model and changes with the bytes, the mapping or a threshold', async () => {
    const a = await modelBytesHash(new Uint8Array([1, 2, 3]));
    const b = await modelBytesHash(new Uint8Array([1, 2, 4]));
    const base = await modelVersionOf('yolov8n', a, settings);
    expect(base).toMatch(/^yolov8n@[0-9a-f]{8}$/);
    expect(await modelVersionOf('yolov8n', b, settings)).not.toBe(base);
    expect(await modelVersionOf('yolov8n', a, { ...settings, confidence: 0.3 })).not.toBe(base);
    expect(await modelVersionOf('yolov8n', a, { ...settings, mapping: { person: null } })).not.toBe(
      base,
    );
  });

  it('does not depend on key order', async () => {
    const h = await modelBytesHash(new Uint8Array([9]));
    expect(await modelVersionOf('m', h, { iou: 0.5, confidence: 0.2 })).toBe(
      await modelVersionOf('m', h, { confidence: 0.2, iou: 0.5 }),
    );
  });

  it('matches the SHA-256 of the bytes', async () => {
    // SHA-256("abc"), FIPS 180-2 test vector.
    expect(await modelBytesHash(new TextEncoder().encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});
