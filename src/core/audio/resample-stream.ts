// Streaming sample-rate conversion with libsamplerate (WASM port,
// `@alexanderolsen/libsamplerate-js`): its "full" API keeps the filter state
// between calls, so a long file is converted piece by piece with no seams.

import type { ConverterTypeValue } from '@alexanderolsen/libsamplerate-js/dist/converter-type';

export interface StreamResampler {
  /** Converts the next piece of input; output length varies (the filter holds some back). */
  push(samples: Float32Array): Float32Array;
  /** Drains what the filter holds and frees the converter. */
  end(): Float32Array;
}

/** libsamplerate's SRC_SINC_MEDIUM_QUALITY: 97 dB SNR, far cheaper than "best". */
const SINC_MEDIUM: ConverterTypeValue = 1;

type Src = Awaited<ReturnType<typeof import('@alexanderolsen/libsamplerate-js').create>>;

/**
 * Idle converters by "in→out" rate: creating one instantiates the WASM module
 * (~100 ms), so a finished stream's converter is reset and kept for the next
 * file of the same rates (a folder of clips pays it once).
 */
const idle = new Map<string, Src[]>();
const IDLE_PER_RATE = 2;

async function takeConverter(inputRate: number, outputRate: number): Promise<Src> {
  const kept = idle.get(`${inputRate}>${outputRate}`)?.pop();
  if (kept) {
    // The setter re-initialises libsamplerate's state (src_delete + src_new).
    kept.inputSampleRate = inputRate;
    return kept;
  }
  const mod = await import('@alexanderolsen/libsamplerate-js');
  // A CommonJS module: Node puts its exports under `default`, bundlers may not.
  const { create } = (mod as unknown as { default?: typeof mod }).default ?? mod;
  return create(1, inputRate, outputRate, { converterType: SINC_MEDIUM });
}

function releaseConverter(src: Src, inputRate: number, outputRate: number): void {
  const key = `${inputRate}>${outputRate}`;
  const list = idle.get(key) ?? [];
  if (list.length < IDLE_PER_RATE) {
    list.push(src);
    idle.set(key, list);
  } else {
    src.destroy();
  }
}

/** An identity "resampler" when the rate already matches. */
function passThrough(): StreamResampler {
  return { push: (samples) => samples, end: () => new Float32Array(0) };
}

/**
 * A mono resampler from `inputRate` to `outputRate`. The total output length
 * is round(inputLength · outputRate / inputRate): `end` pads with silence to
 * flush the filter, then trims to that length.
 */
export async function createStreamResampler(
  inputRate: number,
  outputRate: number,
): Promise<StreamResampler> {
  if (!(inputRate > 0 && outputRate > 0)) {
    throw new Error(`cannot resample from ${inputRate} Hz to ${outputRate} Hz`);
  }
  if (inputRate === outputRate) return passThrough();
  const src = await takeConverter(inputRate, outputRate);
  const ratio = outputRate / inputRate;
  let inputSeen = 0;
  let outputGiven = 0;
  return {
    push(samples) {
      if (samples.length === 0) return samples;
      inputSeen += samples.length;
      const out = src.full(samples);
      outputGiven += out.length;
      return out;
    },
    end() {
      const expected = Math.round(inputSeen * ratio);
      const parts: Float32Array[] = [];
      let have = outputGiven;
      // The filter holds back well under a second; a few silent blocks drain it.
      const silence = new Float32Array(Math.max(256, Math.ceil(inputRate / 10)));
      for (let round = 0; round < 20 && have < expected; round++) {
        const out = src.full(silence);
        parts.push(out);
        have += out.length;
      }
      releaseConverter(src, inputRate, outputRate);
      const need = Math.max(0, expected - outputGiven);
      const tail = new Float32Array(need);
      let at = 0;
      for (const part of parts) {
        if (at >= need) break;
        const take = part.subarray(0, need - at);
        tail.set(take, at);
        at += take.length;
      }
      outputGiven = expected;
      return tail;
    },
  };
}
