// Slaney-style mel filter bank (librosa's `mel(htk=False, norm="slaney")`), the
// one Whisper's and transformers' feature extractors use: triangles on the
// Slaney mel scale (linear under 1 kHz, logarithmic above), each scaled to
// unit area (2 / bandwidth in Hz).

const F_SP = 200 / 3;
const MIN_LOG_HZ = 1000;
const MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
const LOG_STEP = Math.log(6.4) / 27;

export function hzToMel(hz: number): number {
  return hz >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP : hz / F_SP;
}

export function melToHz(mel: number): number {
  return mel >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL)) : F_SP * mel;
}

/** Filters as rows: `melBins` × (nFft/2 + 1), from 0 Hz to the Nyquist frequency. */
export function melFilterBank(sampleRate: number, nFft: number, melBins: number): Float64Array[] {
  const bins = Math.floor(nFft / 2) + 1;
  const fftFreqs = Float64Array.from({ length: bins }, (_, k) => (k * sampleRate) / nFft);
  const minMel = hzToMel(0);
  const maxMel = hzToMel(sampleRate / 2);
  const edges = Float64Array.from({ length: melBins + 2 }, (_, i) =>
    melToHz(minMel + ((maxMel - minMel) * i) / (melBins + 1)),
  );
  const filters: Float64Array[] = [];
  for (let m = 0; m < melBins; m++) {
    const lo = edges[m]!;
    const mid = edges[m + 1]!;
    const hi = edges[m + 2]!;
    const norm = 2 / (hi - lo);
    const row = new Float64Array(bins);
    for (let k = 0; k < bins; k++) {
      const f = fftFreqs[k]!;
      const up = (f - lo) / (mid - lo);
      const down = (hi - f) / (hi - mid);
      row[k] = Math.max(0, Math.min(up, down)) * norm;
    }
    filters.push(row);
  }
  return filters;
}
