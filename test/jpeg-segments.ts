// Test helpers that edit a JPEG's marker segments (before the first scan), to
// build headers sharp will not write: an EXIF orientation without the ICC
// profile `withMetadata` adds, an Adobe marker, two EXIF blocks…

const segmentLength = (jpeg: Uint8Array, at: number) =>
  ((jpeg[at + 2] as number) << 8) | (jpeg[at + 3] as number);

/** Offset of the first segment with this marker (its 0xFF byte), before the first scan. */
export function segmentAt(jpeg: Uint8Array, marker: number): number {
  for (let at = 2; at + 4 <= jpeg.length; at += 2 + segmentLength(jpeg, at)) {
    if (jpeg[at + 1] === marker) return at;
    if (jpeg[at + 1] === 0xda) break;
  }
  throw new Error(`no marker 0x${marker.toString(16)} before the first scan`);
}

/** The payload of the first segment with this marker. */
export function segmentPayload(jpeg: Buffer, marker: number): Buffer {
  const at = segmentAt(jpeg, marker);
  return jpeg.subarray(at + 4, at + 2 + segmentLength(jpeg, at));
}

/** The JPEG without its APP2 segments (ICC profile). */
export function withoutApp2(jpeg: Buffer): Buffer {
  let out = jpeg;
  for (;;) {
    let at;
    try {
      at = segmentAt(out, 0xe2);
    } catch {
      return out;
    }
    out = Buffer.concat([out.subarray(0, at), out.subarray(at + 2 + segmentLength(out, at))]);
  }
}

/** The JPEG with a segment inserted right after SOI. */
export function withSegment(jpeg: Buffer, marker: number, payload: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), head, payload, jpeg.subarray(2)]);
}
