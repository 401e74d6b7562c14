import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AudioDecodeError, decodeAudioChunks, decodeAudioWhole } from './decode-stream';
import { encodeWavPcm16 } from './wav-pcm16';

const audioDir = resolve(process.cwd(), '../shared/fixtures/audio');
const haveFixtures = existsSync(audioDir);
if (!haveFixtures) console.warn(`skipping real-audio decode tests: ${audioDir} is absent`);

const sine = (hz: number, rate: number, seconds: number, amplitude = 0.5, phase = 0) =>
  Float32Array.from(
    { length: Math.round(rate * seconds) },
    (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / rate + phase),
  );

/** The 16-bit samples of a canonical WAV's data chunk, read by hand (independent of the decoder). */
function wavSamples(bytes: Uint8Array): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 12;
  while (at + 8 <= bytes.length) {
    const id = String.fromCharCode(...bytes.subarray(at, at + 4));
    const size = view.getUint32(at + 4, true);
    if (id === 'data') {
      return Float32Array.from(
        { length: size / 2 },
        (_, i) => view.getInt16(at + 8 + i * 2, true) / 32768,
      );
    }
    at += 8 + size + (size % 2);
  }
  throw new Error('no data chunk');
}

async function collect(source: Uint8Array | AsyncIterable<Uint8Array>, chunkSeconds: number) {
  const chunks = [];
  for await (const chunk of decodeAudioChunks(source, { chunkSeconds, name: 'clip.wav' }))
    chunks.push(chunk);
  return chunks;
}

describe('decodeAudioChunks', () => {
  it('resamples a 44.1 kHz stereo sine to a 16 kHz mono sine of the same pitch and level', async () => {
    // Left and right in phase: the mono mix is the same sine.
    const tone = sine(440, 44100, 2);
    const mono = await decodeAudioWhole(encodeWavPcm16([tone, tone], 44100));
    expect(mono.length).toBe(32000);
    const expected = sine(440, 16000, 2);
    let worst = 0;
    for (let i = 400; i < mono.length - 400; i++)
      worst = Math.max(worst, Math.abs(mono[i]! - expected[i]!));
    expect(worst).toBeLessThan(2e-3);
  });

  it('averages the channels (left and right in opposite phase cancel)', async () => {
    const left = sine(300, 16000, 1);
    const right = left.map((v) => -v);
    const mono = await decodeAudioWhole(encodeWavPcm16([left, right], 16000));
    expect(Math.max(...mono.map(Math.abs))).toBeLessThan(1e-4);
  });

  it('gives the same samples whatever the chunk length and however the bytes arrive', async () => {
    const tone = sine(1000, 22050, 3.3, 0.3);
    const wav = encodeWavPcm16([tone], 22050);
    const whole = await decodeAudioWhole(wav);
    async function* drip() {
      for (let at = 0; at < wav.length; at += 777) yield wav.subarray(at, at + 777);
    }
    const chunks = await collect(drip(), 0.5);
    expect(chunks.map((c) => c.samples.length)).toEqual([8000, 8000, 8000, 8000, 8000, 8000, 4800]);
    expect(chunks.map((c) => c.start)).toEqual([0, 0.5, 1, 1.5, 2, 2.5, 3]);
    const joined = new Float32Array(whole.length);
    let at = 0;
    for (const c of chunks) {
      joined.set(c.samples, at);
      at += c.samples.length;
    }
    expect(at).toBe(whole.length);
    let worst = 0;
    for (let i = 0; i < whole.length; i++)
      worst = Math.max(worst, Math.abs(joined[i]! - whole[i]!));
    expect(worst).toBeLessThan(1e-6);
  });

  it('a reused converter starts afresh: the same file decodes to the same samples twice', async () => {
    const wav = encodeWavPcm16([sine(523, 8000, 0.5, 0.4)], 8000);
    const first = await decodeAudioWhole(wav);
    const second = await decodeAudioWhole(wav);
    expect(Array.from(second)).toEqual(Array.from(first));
  });

  it('names the item and the cause for bytes that are not audio, and for an empty file', async () => {
    const text = new TextEncoder().encode('<html>not audio at all, just a web page</html>');
    await expect(decodeAudioWhole(text, { name: 'page.mp3' })).rejects.toThrow(
      /page\.mp3: not an audio format this decoder knows \(first bytes 3c 68 74 6d/,
    );
    await expect(decodeAudioWhole(new Uint8Array(0), { name: 'empty.wav' })).rejects.toThrow(
      AudioDecodeError,
    );
    await expect(decodeAudioWhole(new Uint8Array(0), { name: 'empty.wav' })).rejects.toThrow(
      'empty.wav: the file is empty',
    );
  });

  it.runIf(haveFixtures)('decodes the 16 kHz mono fixture sample for sample', async () => {
    const bytes = new Uint8Array(readFileSync(resolve(audioDir, 'speech-two-phrases-16k.wav')));
    const mono = await decodeAudioWhole(bytes);
    const reference = wavSamples(bytes);
    expect(mono.length).toBe(reference.length);
    expect(mono.length / 16000).toBeCloseTo(11, 1);
    let worst = 0;
    for (let i = 0; i < mono.length; i++)
      worst = Math.max(worst, Math.abs(mono[i]! - reference[i]!));
    expect(worst).toBeLessThan(1e-4);
  });

  it.runIf(haveFixtures)('decodes the 44.1 kHz stereo fixture to 16 kHz mono', async () => {
    const bytes = new Uint8Array(readFileSync(resolve(audioDir, 'speech-44k-stereo.wav')));
    const mono = await decodeAudioWhole(bytes);
    const stereo = wavSamples(bytes); // interleaved L R
    expect(mono.length).toBe(Math.round((stereo.length / 2) * (16000 / 44100)));
    // Same energy as the mixed input (a resampler keeps the level of speech).
    let inEnergy = 0;
    for (let i = 0; i < stereo.length; i += 2) inEnergy += ((stereo[i]! + stereo[i + 1]!) / 2) ** 2;
    const outEnergy = mono.reduce((sum, v) => sum + v * v, 0);
    expect(outEnergy / 16000 / (inEnergy / 44100)).toBeGreaterThan(0.9);
    expect(outEnergy / 16000 / (inEnergy / 44100)).toBeLessThan(1.05);
  });
});
