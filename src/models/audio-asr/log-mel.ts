// Whisper's input features (openai/whisper audio.py `log_mel_spectrogram`, as
// transformers' WhisperFeatureExtractor computes them): pad or cut the audio to
// 30 s, STFT with a periodic Hann window (n_fft 400, hop 160, centred with
// reflect padding), power spectrum, Slaney mel filters, log10 with a 1e-10
// floor, clamp to (max − 8), then (x + 4) / 4. Output: [melBins, frames].

import { createPowerSpectrum } from './dft';
import { melFilterBank } from './mel-filters';

export interface WhisperFeatureSettings {
  sampleRate: number;
  nFft: number;
  hopLength: number;
  melBins: number;
  /** Samples per window (30 s); the audio is zero-padded or cut to it. */
  nSamples: number;
}

export const WHISPER_FEATURES: WhisperFeatureSettings = {
  sampleRate: 16000,
  nFft: 400,
  hopLength: 160,
  melBins: 80,
  nSamples: 480000,
};

/** Settings from a transformers `preprocessor_config.json` (missing keys keep Whisper's). */
export function featureSettingsFromConfig(config: Record<string, unknown>): WhisperFeatureSettings {
  const num = (key: string, fallback: number) => {
    const v = config[key];
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
      throw new Error(
        `preprocessor_config.json: "${key}" must be a positive integer, got ${JSON.stringify(v)}`,
      );
    }
    return v;
  };
  return {
    sampleRate: num('sampling_rate', WHISPER_FEATURES.sampleRate),
    nFft: num('n_fft', WHISPER_FEATURES.nFft),
    hopLength: num('hop_length', WHISPER_FEATURES.hopLength),
    melBins: num('feature_size', WHISPER_FEATURES.melBins),
    nSamples: num('n_samples', WHISPER_FEATURES.nSamples),
  };
}

export interface LogMel {
  data: Float32Array;
  melBins: number;
  frames: number;
}

/** A reusable extractor: the window, the mel filters and the FFT plan are built once. */
export function createLogMelExtractor(settings: WhisperFeatureSettings = WHISPER_FEATURES) {
  const { nFft, hopLength, melBins, nSamples, sampleRate } = settings;
  const filters = melFilterBank(sampleRate, nFft, melBins);
  // Periodic Hann (torch.hann_window's default).
  const window = Float64Array.from(
    { length: nFft },
    (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / nFft),
  );
  const spectrum = createPowerSpectrum(nFft);
  const half = nFft / 2;
  // torch.stft(center=True) gives 1 + n/hop frames; Whisper drops the last.
  const frames = Math.floor(nSamples / hopLength);

  return (audio: Float32Array): LogMel => {
    const padded = new Float64Array(nSamples + 2 * half);
    const n = Math.min(audio.length, nSamples);
    for (let i = 0; i < n; i++) padded[half + i] = audio[i]!;
    // Reflect padding at both ends (of the zero-padded 30 s signal).
    for (let i = 1; i <= half; i++) {
      padded[half - i] = padded[half + i]!;
      padded[half + nSamples - 1 + i] = padded[half + nSamples - 1 - i]!;
    }
    const frame = new Float64Array(nFft);
    const power = new Float64Array(spectrum.bins);
    const out = new Float32Array(melBins * frames);
    let max = -Infinity;
    for (let t = 0; t < frames; t++) {
      const at = t * hopLength;
      for (let i = 0; i < nFft; i++) frame[i] = padded[at + i]! * window[i]!;
      spectrum(frame, power);
      for (let m = 0; m < melBins; m++) {
        const filter = filters[m]!;
        let sum = 0;
        for (let k = 0; k < power.length; k++) sum += filter[k]! * power[k]!;
        const v = Math.log10(Math.max(sum, 1e-10));
        out[m * frames + t] = v;
        if (v > max) max = v;
      }
    }
    const floor = max - 8;
    for (let i = 0; i < out.length; i++) out[i] = (Math.max(out[i]!, floor) + 4) / 4;
    return { data: out, melBins, frames };
  };
}
