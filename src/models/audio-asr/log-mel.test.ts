// The TypeScript Whisper features against an independent numpy implementation
// (scripts/whisper-log-mel-reference.py): always against the committed
// reference that script wrote for a synthetic signal, and on the real speech
// fixture when Debian's python3-numpy is at /usr/bin/python3.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeAudioWhole } from '../../core/audio/decode-stream';
import reference from './log-mel.reference.json';
import { createLogMelExtractor, featureSettingsFromConfig, WHISPER_FEATURES } from './log-mel';
import { requireShared } from '../../../test/require-fixtures';

/** The script's `synthetic()`: 440 Hz + a 200→4000 Hz chirp + clicks every 0.1 s, as float32. */
function synthetic(): Float32Array {
  const x = new Float64Array(16000);
  for (let i = 0; i < x.length; i++) {
    const t = i / 16000;
    x[i] =
      0.3 * Math.sin(2 * Math.PI * 440 * t) +
      0.2 * Math.sin(2 * Math.PI * (200 * t + 1900 * t * t));
    if (i % 1600 === 0) x[i]! += 0.5;
  }
  return Float32Array.from(x);
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

const extract = createLogMelExtractor();

describe('Whisper log-mel features', () => {
  it('match the committed numpy reference of a synthetic signal', () => {
    const mel = extract(synthetic());
    expect([mel.melBins, mel.frames]).toEqual([80, 3000]);
    const bytes = Buffer.from(reference.float32LittleEndianBase64, 'base64');
    const expected = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
    const frames = reference.frames;
    const got = new Float32Array(80 * frames);
    for (let m = 0; m < 80; m++)
      got.set(mel.data.subarray(m * 3000, m * 3000 + frames), m * frames);
    expect(maxDiff(got, Float32Array.from(expected))).toBeLessThan(1e-5);
    // Not a flat field: the tone, chirp and clicks make the features vary.
    expect(Math.max(...got) - Math.min(...got)).toBeGreaterThan(1);
  });

  it('digital silence gives the floor everywhere ((log10(1e-10) + 4) / 4 = −1.5)', () => {
    const mel = extract(new Float32Array(8000));
    expect(maxDiff(mel.data, new Float32Array(mel.data.length).fill(-1.5))).toBeLessThan(1e-6);
  });

  it('reads its settings from preprocessor_config.json and names a bad key', () => {
    const config = JSON.parse(
      readFileSync(
        resolve(process.cwd(), '../shared/models/tokenizers/whisper-tiny/preprocessor_config.json'),
        'utf8',
      ),
    );
    expect(featureSettingsFromConfig(config)).toEqual(WHISPER_FEATURES);
    expect(() => featureSettingsFromConfig({ n_fft: 'big' })).toThrow(
      'preprocessor_config.json: "n_fft" must be a positive integer, got "big"',
    );
  });

  const python = '/usr/bin/python3';
  const fixture = resolve(process.cwd(), '../shared/fixtures/audio/speech-two-phrases-16k.wav');
  const numpy =
    existsSync(python) &&
    spawnSync(python, ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
  if (!numpy || !existsSync(fixture)) {
    // CI installs python3-numpy (.ci/run): there a missing comparison is a failure.
    if (requireShared()) {
      throw new Error(
        'the live numpy comparison needs /usr/bin/python3 with numpy and the speech fixture; PRELABEL_REQUIRE_SHARED=1 makes this a failure, not a skip',
      );
    }
    console.warn(
      'skipping the live numpy comparison: /usr/bin/python3 with numpy or the speech fixture is absent',
    );
  }
  it.runIf(numpy && existsSync(fixture))(
    'match numpy on the real speech fixture, all 80 × 3000 values',
    async () => {
      const script = resolve(process.cwd(), 'scripts/whisper-log-mel-reference.py');
      const run = spawnSync(python, [script, '--wav', fixture], { maxBuffer: 1 << 24 });
      expect(run.status, String(run.stderr)).toBe(0);
      const out = run.stdout as Buffer;
      const expected = Float32Array.from(
        new Float32Array(out.buffer, out.byteOffset, out.length / 4),
      );
      // The same samples numpy reads (int16 / 32768), so only the features are compared:
      // audio-decode's 16-bit scaling differs by up to 2.5e-5, which moves a few quiet bins by ~2e-3.
      const bytes = new Uint8Array(readFileSync(fixture));
      const view = new DataView(bytes.buffer, bytes.byteOffset + 44);
      const audio = Float32Array.from(
        { length: (bytes.length - 44) / 2 },
        (_, i) => view.getInt16(i * 2, true) / 32768,
      );
      const mel = extract(audio);
      expect(mel.data.length).toBe(expected.length);
      expect(maxDiff(mel.data, expected)).toBeLessThan(1e-5);
      // Through the decoder, still within 0.01 of numpy.
      const decoded = extract(await decodeAudioWhole(bytes));
      expect(maxDiff(decoded.data, expected)).toBeLessThan(1e-2);
    },
  );
});
