// Audio section (BENCH_ONLY=audio): Silero VAD real-time factor on
// onnxruntime-node and on onnxruntime-web's WASM (in Node, one thread: the
// browser's runtime without the page), and memory over a long file decoded and
// processed in 30 s chunks. The long file is the 44.1 kHz stereo speech fixture
// looped to BENCH_AUDIO_MINUTES (default 60) and streamed as WAV bytes, so it
// is never held whole: decoding, resampling to 16 kHz and the VAD all run.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openSession } from '../src/cli/ort-session';
import { decodeAudioChunks } from '../src/core/audio/decode-stream';
import type { PcmChunk } from '../src/core/audio/pcm';
import { wavPcm16Header } from '../src/core/audio/wav-pcm16';
import { detectSpeech } from '../src/models/audio-vad/detect-speech';
import { vadWebModelPath } from '../src/models/audio-vad/node-vad';
import { createSileroStepper, sileroKindOf } from '../src/models/audio-vad/silero-model';
import { SHARED_DIR } from './config';
import { fmt, type Report } from './report';
import { round } from './stats';

const minutes = Number(process.env.BENCH_AUDIO_MINUTES ?? 60);
/** The WASM comparison runs on a shorter stretch (one thread, slower). */
const WASM_MINUTES = Math.min(minutes, 5);

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

export async function audioBench(report: Report): Promise<void> {
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
}
