// Silero VAD (the files @ricky0123/vad-web ships) on real speech with
// onnxruntime-node. The fixtures (../shared/fixtures/audio) give where the
// speech is; tests that need them are skipped with a message without them.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAudioChunks } from '../../core/audio/decode-stream';
import type { PcmChunk } from '../../core/audio/pcm';
import { detectSpeech } from './detect-speech';
import { loadNodeVad, vadWebModelPath, VAD_WEB_MODELS, type NodeVad } from './node-vad';

const audioDir = resolve(process.cwd(), '../shared/fixtures/audio');
const haveFixtures = existsSync(audioDir);
if (!haveFixtures) console.warn(`skipping Silero VAD tests on real speech: ${audioDir} is absent`);
const fixture = (name: string) => new Uint8Array(readFileSync(resolve(audioDir, name)));

const rounded = (segments: { start: number; end: number }[]) =>
  segments.map((s) => [+s.start.toFixed(2), +s.end.toFixed(2)]);

describe.each(VAD_WEB_MODELS)('Silero VAD %s', (file) => {
  let vad: NodeVad;
  beforeAll(async () => {
    vad = await loadNodeVad(vadWebModelPath(file));
  });
  afterAll(() => vad.release());

  it('tells its interface from the input names', () => {
    expect(vad.kind).toBe(file.includes('legacy') ? 'legacy' : 'state');
  });

  it('finds no speech in digital silence', async () => {
    const silence: PcmChunk = { samples: new Float32Array(16000 * 2), sampleRate: 16000, start: 0 };
    const { segments } = await detectSpeech([silence], vad.stepper());
    expect(segments).toEqual([]);
  });

  it.runIf(haveFixtures)('finds the two phrases where the fixture has them', async () => {
    const { segments, durationSeconds } = await detectSpeech(
      decodeAudioChunks(fixture('speech-two-phrases-16k.wav')),
      vad.stepper(),
    );
    expect(durationSeconds).toBeCloseTo(11, 1);
    expect(segments).toHaveLength(2);
    const [first, second] = segments;
    // The README's ≈1.5–4.3 s and ≈6.3–9.5 s; espeak's own quiet ends each phrase early.
    expect(first!.start).toBeGreaterThan(1.2);
    expect(first!.start).toBeLessThan(1.7);
    expect(first!.end).toBeGreaterThan(3.8);
    expect(first!.end).toBeLessThan(4.5);
    expect(second!.start).toBeGreaterThan(6.0);
    expect(second!.start).toBeLessThan(6.5);
    expect(second!.end).toBeGreaterThan(9.0);
    expect(second!.end).toBeLessThan(9.7);
    for (const s of segments) {
      expect(s.score).toBeGreaterThan(0.7);
      expect(s.score).toBeLessThanOrEqual(1);
    }
  });

  it.runIf(haveFixtures)(
    "splits at the short pause inside the second phrase with Silero's 0.1 s silence",
    async () => {
      const { segments } = await detectSpeech(
        decodeAudioChunks(fixture('speech-two-phrases-16k.wav')),
        vad.stepper(),
        { minSilenceSeconds: 0.1, padSeconds: 0.03 },
      );
      expect(segments.length).toBe(3);
    },
  );

  it.runIf(haveFixtures)('gives the same segments whatever the chunk length', async () => {
    const bytes = fixture('speech-two-phrases-16k.wav');
    const whole = await detectSpeech(decodeAudioChunks(bytes, { chunkSeconds: 60 }), vad.stepper());
    const small = await detectSpeech(
      decodeAudioChunks(bytes, { chunkSeconds: 0.37 }),
      vad.stepper(),
    );
    expect(rounded(small.segments)).toEqual(rounded(whole.segments));
  });

  it.runIf(haveFixtures)('finds nothing in the silence fixture', async () => {
    const { segments, durationSeconds } = await detectSpeech(
      decodeAudioChunks(fixture('silence-3s-16k.wav')),
      vad.stepper(),
    );
    expect(durationSeconds).toBeCloseTo(3, 2);
    expect(segments).toEqual([]);
  });

  it.runIf(haveFixtures)(
    'finds the phrase in the 44.1 kHz stereo file once resampled and mixed',
    async () => {
      const { segments, durationSeconds } = await detectSpeech(
        decodeAudioChunks(fixture('speech-44k-stereo.wav')),
        vad.stepper(),
      );
      expect(durationSeconds).toBeCloseTo(122804 / 44100, 2);
      expect(segments).toHaveLength(1);
      // The same phrase as 1.5–4.3 s in the two-phrase file (≈2.8 s long), here from the start.
      expect(segments[0]!.start).toBeLessThan(0.3);
      expect(segments[0]!.end - segments[0]!.start).toBeGreaterThan(2.2);
      expect(segments[0]!.score).toBeGreaterThan(0.7);
    },
  );
});
