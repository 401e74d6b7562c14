// Page decoding (Web Audio, src/engine-client/decode-audio-web.ts) against the Node /
// worker decoding (audio-decode + libsamplerate, src/core/audio/decode-stream.ts)
// of the same real file: the same 16 kHz mono samples within a tolerance.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { decodeAudioWhole } from '../src/core/audio/decode-stream';
import { decodeAudioWithWebAudio } from '../src/engine-client/decode-audio-web';

const fixture = resolve(process.cwd(), '../shared/fixtures/audio/speech-44k-stereo.wav');

test.describe('audio decoding in the page and in Node', () => {
  test.skip(!existsSync(fixture), `${fixture} is absent`);

  test('Web Audio and audio-decode + libsamplerate give the same 16 kHz mono samples', async ({
    page,
  }) => {
    await page.goto('about:blank');
    const bytes = readFileSync(fixture);
    const pageSamples: number[] = await page.evaluate(
      async ({ base64, source }) => {
        const decode = new Function(`return (${source})`)() as (
          b: ArrayBuffer,
        ) => Promise<Float32Array>;
        const raw = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        return Array.from(await decode(raw.buffer));
      },
      { base64: bytes.toString('base64'), source: decodeAudioWithWebAudio.toString() },
    );
    const nodeSamples = await decodeAudioWhole(new Uint8Array(bytes));

    // Lengths: both round 122804 · 16000 / 44100.
    expect(Math.abs(pageSamples.length - nodeSamples.length)).toBeLessThanOrEqual(1);
    const n = Math.min(pageSamples.length, nodeSamples.length);
    let energy = 0;
    let error = 0;
    let worst = 0;
    for (let i = 0; i < n; i++) {
      const d = pageSamples[i]! - nodeSamples[i]!;
      energy += nodeSamples[i]! ** 2;
      error += d * d;
      worst = Math.max(worst, Math.abs(d));
    }
    // Aligned: shifting by one sample either way only makes the match worse.
    const shifted = (lag: number) => {
      let e = 0;
      for (let i = 1; i < n - 1; i++) e += (pageSamples[i + lag]! - nodeSamples[i]!) ** 2;
      return e;
    };
    const snrDb = 10 * Math.log10(energy / error);
    // A [1 2 3 2 1]/9 smoother (zeros at 5.3 and 8 kHz) keeps the speech band only.
    const smooth = (a: ArrayLike<number>, i: number) =>
      (a[i - 2]! + 2 * a[i - 1]! + 3 * a[i]! + 2 * a[i + 1]! + a[i + 2]!) / 9;
    let bandEnergy = 0;
    let bandError = 0;
    for (let i = 2; i < n - 2; i++) {
      bandEnergy += smooth(nodeSamples, i) ** 2;
      bandError += (smooth(pageSamples, i) - smooth(nodeSamples, i)) ** 2;
    }
    const bandSnrDb = 10 * Math.log10(bandEnergy / bandError);
    console.log(
      `page vs node decode: ${n} samples, SNR ${snrDb.toFixed(1)} dB (low band ${bandSnrDb.toFixed(1)} dB), max |diff| ${worst.toFixed(4)}`,
    );
    expect(energy).toBeGreaterThan(100); // real speech, not silence
    // The two resamplers differ near 8 kHz (their anti-alias filters roll off
    // differently): ≈32 dB over the full band, ≈53 dB below it.
    expect(snrDb).toBeGreaterThan(25);
    expect(bandSnrDb).toBeGreaterThan(45);
    expect(worst).toBeLessThan(0.1);
    expect(shifted(1)).toBeGreaterThan(error);
    expect(shifted(-1)).toBeGreaterThan(error);
  });

  test('why the worker does not use Web Audio: Chromium has no (Offline)AudioContext in workers', async ({
    page,
  }) => {
    await page.goto('about:blank');
    const inWorker = await page.evaluate(async () => {
      const code = `postMessage({ offline: typeof OfflineAudioContext, context: typeof AudioContext, decoder: typeof AudioDecoder })`;
      const worker = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
      return new Promise<Record<string, string>>(
        (done) => (worker.onmessage = (e) => done(e.data)),
      );
    });
    expect(inWorker.offline).toBe('undefined');
    expect(inWorker.context).toBe('undefined');
    // WebCodecs' AudioDecoder (when present) decodes codec frames, not files: it would need a demuxer.
    console.log(`in a worker: AudioDecoder is ${inWorker.decoder}`);
  });
});
