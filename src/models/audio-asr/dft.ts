// The power spectrum of a real frame of any length. Whisper's n_fft is 400, not
// a power of two, and `fft.js` only does powers of two, so the DFT is computed
// with Bluestein's chirp-z algorithm on top of it (three FFTs of 1024 points).

import FFT from 'fft.js';

export interface PowerSpectrum {
  /** |X[k]|² for k = 0 … n/2 of a real frame of length n. */
  (frame: Float64Array | Float32Array, out: Float64Array): void;
  readonly bins: number;
}

export function createPowerSpectrum(n: number): PowerSpectrum {
  const bins = Math.floor(n / 2) + 1;
  let m = 1;
  while (m < 2 * n - 1) m *= 2;
  const fft = new FFT(m);
  // Chirp w[k] = exp(-iπk²/n); k² taken mod 2n keeps the angle exact for large k.
  const chirpRe = new Float64Array(n);
  const chirpIm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const angle = (Math.PI * ((k * k) % (2 * n))) / n;
    chirpRe[k] = Math.cos(angle);
    chirpIm[k] = -Math.sin(angle);
  }
  // FFT of the conjugate chirp, wrapped around (b[k] = b[m-k]).
  const b = new Float64Array(2 * m);
  for (let k = 0; k < n; k++) {
    b[2 * k] = chirpRe[k]!;
    b[2 * k + 1] = -chirpIm[k]!;
    if (k > 0) {
      b[2 * (m - k)] = chirpRe[k]!;
      b[2 * (m - k) + 1] = -chirpIm[k]!;
    }
  }
  const bHat = new Float64Array(2 * m);
  fft.transform(bHat, b);
  const a = new Float64Array(2 * m);
  const aHat = new Float64Array(2 * m);
  const conv = new Float64Array(2 * m);

  const spectrum = (frame: Float64Array | Float32Array, out: Float64Array) => {
    a.fill(0);
    for (let k = 0; k < n; k++) {
      const x = frame[k] ?? 0;
      a[2 * k] = x * chirpRe[k]!;
      a[2 * k + 1] = x * chirpIm[k]!;
    }
    fft.transform(aHat, a);
    for (let k = 0; k < m; k++) {
      const re = aHat[2 * k]!;
      const im = aHat[2 * k + 1]!;
      const br = bHat[2 * k]!;
      const bi = bHat[2 * k + 1]!;
      aHat[2 * k] = re * br - im * bi;
      aHat[2 * k + 1] = re * bi + im * br;
    }
    fft.inverseTransform(conv, aHat);
    for (let k = 0; k < bins; k++) {
      // X[k] = w[k] · conv[k]; |w[k]| = 1, so the power is |conv[k]|².
      const re = conv[2 * k]!;
      const im = conv[2 * k + 1]!;
      out[k] = re * re + im * im;
    }
  };
  return Object.assign(spectrum, { bins });
}
