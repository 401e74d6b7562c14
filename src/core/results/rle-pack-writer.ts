// Writes @thi.ng/rle-pack's bit-packed RLE (word size 8, run sizes [3,4,8,16]) straight
// from runs, byte-identical to `encode(rgba, rgba.length)`. The library walks all
// width*height*4 bytes one by one (≈0.5 s for a 4000×3000 image, per mask); a mask has
// few runs, so encoding the runs directly is ~100× faster and needs no RGBA buffer.
// Equality with the library is asserted in brush.test.ts.
//
// Stream layout (MSB first): 32-bit element count, 5 bits word size − 1, four 4-bit
// run-size fields (size − 1), then records. A repeat record is: bit 1, 2-bit size class
// t, count − 1 in RUN_BITS[t] bits, the 8-bit value. The library cuts runs longer than
// 65536 into 65536-long records; a run whose remainder after those cuts is exactly 1
// would become a literal record instead, which this writer does not produce — so it
// only accepts runs where that cannot happen (RGBA runs are multiples of 4).

const WORD_SIZE = 8;
const RUN_BITS = [3, 4, 8, 16] as const;
const MAX_RECORD = 1 << 16;

export class RlePackRunWriter {
  private buf = new Uint8Array(1024);
  private bytes = 0;
  private acc = 0;
  private accBits = 0;
  private runValue = -1;
  private runLength = 0;
  private written = 0;

  constructor(private readonly total: number) {
    if (!(Number.isInteger(total) && total > 0 && total <= 0xffffffff)) {
      throw new RangeError(`element count out of range: ${total}`);
    }
    this.write(Math.floor(total / 0x10000), 16);
    this.write(total & 0xffff, 16);
    this.write(WORD_SIZE - 1, 5);
    for (const bits of RUN_BITS) this.write(bits - 1, 4);
  }

  /** Appends `length` copies of the byte `value`, merging with the previous run. */
  push(value: number, length: number): void {
    if (length <= 0) return;
    if (value === this.runValue) {
      this.runLength += length;
    } else {
      this.flushRun();
      this.runValue = value;
      this.runLength = length;
    }
  }

  /** Closes the stream; throws unless exactly `total` elements were pushed. */
  finish(): Uint8Array {
    this.flushRun();
    if (this.written !== this.total) {
      throw new Error(`RLE got ${this.written} elements, expected ${this.total}`);
    }
    if (this.accBits > 0) this.pushByte((this.acc << (8 - this.accBits)) & 0xff);
    this.accBits = 0;
    return this.buf.slice(0, this.bytes);
  }

  private flushRun(): void {
    let n = this.runLength;
    if (n === 0) return;
    if (n < 2 || (n - 1) % MAX_RECORD === 0) {
      throw new RangeError(`run length ${n} would need a literal record`);
    }
    for (; n > MAX_RECORD; n -= MAX_RECORD) this.writeRecord(MAX_RECORD);
    this.writeRecord(n);
    this.written += this.runLength;
    this.runLength = 0;
  }

  private writeRecord(count: number): void {
    const c = count - 1;
    const t = c < 8 ? 0 : c < 16 ? 1 : c < 256 ? 2 : 3;
    this.write(1, 1);
    this.write(t, 2);
    this.write(c, RUN_BITS[t]);
    this.write(this.runValue, WORD_SIZE);
  }

  /** Appends the low `n` (≤ 16) bits of `value`, most significant first. */
  private write(value: number, n: number): void {
    this.acc = (this.acc << n) | (value & ((1 << n) - 1));
    this.accBits += n;
    while (this.accBits >= 8) {
      this.accBits -= 8;
      this.pushByte((this.acc >>> this.accBits) & 0xff);
    }
    this.acc &= (1 << this.accBits) - 1;
  }

  private pushByte(byte: number): void {
    if (this.bytes === this.buf.length) {
      const grown = new Uint8Array(this.buf.length * 2);
      grown.set(this.buf);
      this.buf = grown;
    }
    this.buf[this.bytes++] = byte;
  }
}
