// Audio section (BENCH_ONLY=audio): Silero VAD real-time factor on
// onnxruntime-node and on onnxruntime-web's WASM (in Node, one thread: the
// browser's runtime without the page), and memory over a long file decoded and
// processed in 30 s chunks. The long file is the 44.1 kHz stereo speech fixture
// looped to BENCH_AUDIO_MINUTES (default 60) and streamed as WAV bytes, so it
// is never held whole: decoding, resampling to 16 kHz and the VAD all run.
// Then the app (browser-audio.ts): the same VAD through the page's UI, its
// worker decoding and running onnxruntime-web, side by side with
// onnxruntime-node on the same file (BENCH_AUDIO_BROWSER_MINUTES, default 5).
import { readFileSync } from 'node:fs';
import type { Browser } from '@playwright/test';
import { browserVad } from './browser-audio';
import { resolve } from 'node:path';
import { openNodeSession as openSession } from '../src/models/predictor/node-runtime';
import { decodeAudioChunks } from '../src/core/audio/decode-stream';
import type { PcmChunk } from '../src/core/audio/pcm';
import { wavPcm16Header } from '../src/core/audio/wav-pcm16';
import { detectSpeech } from '../src/models/audio-vad/detect-speech';
import { vadWebModelPath } from '../src/models/audio-vad/node-vad';
import { createSileroStepper, sileroKindOf } from '../src/models/audio-vad/silero-model';
import { BENCH, SHARED_DIR } from './config';
import { fmt, type Report } from './report';
import { round } from './stats';

const minutes = Number(process.env.BENCH_AUDIO_MINUTES ?? 60);
/** The WASM comparison runs on a shorter stretch (one thread, slower). */
const WASM_MINUTES = Math.min(minutes, 5);
/** The browser rows: the app's UI on one file this long, in rounds against Node. */
const BROWSER_MINUTES = Number(process.env.BENCH_AUDIO_BROWSER_MINUTES ?? 5);

/** The data chunk of a WAV file (after its header), found by walking the chunks. */
function wavData(bytes: Uint8Array): { data: Uint8Array; rate: number; channels: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const channels = view.getUint16(22, true);
  const rate = view.getUint32(24, true);
  let at = 12;
  while (at + 8 <= bytes.length) {
    const id = String.fromCharCode(...bytes.subarray(at, at + 4));
    const size = view.getUint32(at + 4, true);
    if (id === 'data') return { data: bytes.subarray(at + 8, at + 8 + size), rate, channels };
    at += 8 + size + (size % 2);
  }
  throw new Error('no data chunk');
}

/** A WAV stream of the fixture looped to `seconds`, produced piece by piece. */
async function* loopedWav(seconds: number): AsyncGenerator<Uint8Array> {
  const { data, rate, channels } = wavData(
    new Uint8Array(readFileSync(resolve(SHARED_DIR, 'fixtures/audio/speech-44k-stereo.wav'))),
  );
  const frameBytes = channels * 2;
  const totalFrames = Math.floor(seconds * rate);
  yield wavPcm16Header(totalFrames, rate, channels);
  let left = totalFrames * frameBytes;
  while (left > 0) {
    const piece = data.subarray(0, Math.min(left, data.length));
    left -= piece.length;
    yield piece;
  }
}

async function runVad(backend: 'node' | 'wasm', seconds: number) {
  const session = await openSession(
    new Uint8Array(readFileSync(vadWebModelPath('silero_vad_v6.onnx'))),
    backend,
  );
  const stepper = createSileroStepper((feeds) => session.run(feeds), sileroKindOf(session));
  let peakRss = 0;
  let peakExternal = 0;
  async function* watched(): AsyncGenerator<PcmChunk> {
    for await (const chunk of decodeAudioChunks(loopedWav(seconds), { chunkSeconds: 30 })) {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakExternal = Math.max(peakExternal, m.arrayBuffers);
      yield chunk;
    }
  }
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const { segments, durationSeconds } = await detectSpeech(watched(), stepper);
  const ms = performance.now() - t0;
  await session.release();
  return { ms, segments: segments.length, durationSeconds, rssBefore, peakRss, peakExternal };
}

/** The looped fixture as one WAV file in memory (the page is dropped a file). */
async function loopedWavBytes(seconds: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of loopedWav(seconds)) parts.push(part);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

async function browserRows(
  report: Report,
  app: () => Promise<{ browser: Browser; url: string }>,
  tmpDir: string,
): Promise<void> {
  const seconds = BROWSER_MINUTES * 60;
  const rounds = Math.min(BENCH.rounds, 3);
  console.log(
    `\n[audio] Silero VAD: app UI vs onnxruntime-node, ${BROWSER_MINUTES} min, ${rounds} rounds…`,
  );
  const { browser, url } = await app();
  const result = await browserVad(
    browser,
    url,
    tmpDir,
    await loopedWavBytes(seconds),
    seconds,
    rounds,
    async () => (await runVad('node', seconds)).ms,
  );
  report.add({
    section: 'audio',
    metric: `Silero VAD v6 in the app (drop, Run, done: the worker decodes, resamples and runs onnxruntime-web ${result.backend ?? '?'}, ${result.threads ?? '?'} threads) vs onnxruntime-node, ${BROWSER_MINUTES} min 44.1 kHz stereo WAV, median of ${rounds} rounds`,
    value: `real-time factor ${result.browserRtf.toFixed(4)} vs ${result.nodeRtf.toFixed(4)} (${round(1 / result.browserRtf, 0)}× vs ${round(1 / result.nodeRtf, 0)}× real time); browser/Node time ${result.ratio.toFixed(2)} (rounds ${result.rounds.map((r) => (r.browserRtf / r.nodeRtf).toFixed(2)).join(', ')}); first run RTF ${result.coldRtf.toFixed(4)}; model load ${(result.loadMs / 1000).toFixed(1)} s`,
    target: 'RTF ≪ 1',
    met: result.browserRtf < 1,
  });
  report.raw['audio:browser'] = result;
}

export async function audioBench(
  report: Report,
  app?: () => Promise<{ browser: Browser; url: string }>,
  tmpDir?: string,
): Promise<void> {
  const native = await runVad('node', minutes * 60);
  const rtf = native.ms / 1000 / native.durationSeconds;
  report.add({
    section: 'audio',
    metric: `Silero VAD v6, onnxruntime-node: decode + resample + VAD of ${minutes} min (44.1 kHz stereo WAV, streamed)`,
    value: `${fmt.s(native.ms)}, real-time factor ${rtf.toFixed(4)} (${round(1 / rtf, 0)}× real time); ${native.segments} segments`,
    target: 'RTF ≪ 1',
    met: rtf < 1,
  });
  report.add({
    section: 'audio',
    metric: `memory over the ${minutes} min file (30 s chunks)`,
    value: `peak RSS ${fmt.mb(native.peakRss)} (${fmt.mb(native.peakRss - native.rssBefore)} above the start), peak ArrayBuffers ${fmt.mb(native.peakExternal)}; the decoded file would be ${fmt.mb(native.durationSeconds * 16000 * 4)} at 16 kHz`,
    target: 'bounded: not growing with the file',
  });
  const wasm = await runVad('wasm', WASM_MINUTES * 60);
  const wasmRtf = wasm.ms / 1000 / wasm.durationSeconds;
  report.add({
    section: 'audio',
    metric: `Silero VAD v6, onnxruntime-web WASM in Node (1 thread), ${WASM_MINUTES} min`,
    value: `real-time factor ${wasmRtf.toFixed(4)} (${round(1 / wasmRtf, 0)}× real time); WASM/native time ${(wasmRtf / rtf).toFixed(2)}`,
    target: 'informative (the browser\u2019s runtime without the page)',
  });
  report.raw.audio = { minutes, native, wasm: { ...wasm, minutes: WASM_MINUTES } };
  if (app && tmpDir && BROWSER_MINUTES > 0) await browserRows(report, app, tmpDir);
}
