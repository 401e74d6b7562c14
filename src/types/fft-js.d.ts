// `fft.js` ships no types: a radix-4 FFT of a power-of-two size, interleaved re/im arrays.
declare module 'fft.js' {
  export default class FFT {
    constructor(size: number);
    readonly size: number;
    createComplexArray(): number[];
    transform(out: ArrayLike<number> & { [i: number]: number }, data: ArrayLike<number>): void;
    inverseTransform(
      out: ArrayLike<number> & { [i: number]: number },
      data: ArrayLike<number>,
    ): void;
    realTransform(out: ArrayLike<number> & { [i: number]: number }, data: ArrayLike<number>): void;
    completeSpectrum(spectrum: ArrayLike<number> & { [i: number]: number }): void;
  }
}
