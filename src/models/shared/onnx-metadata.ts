// ONNX keeps Ultralytics' `names`, `task`, `imgsz`… in ModelProto.metadata_props,
// which onnxruntime's JS API does not expose, so we read them straight from the
// protobuf bytes. Only the top level of ModelProto is walked; the graph (field 7,
// megabytes) is skipped by its length prefix without being parsed.

const METADATA_PROPS_FIELD = 14;
const ENTRY_KEY_FIELD = 1;
const ENTRY_VALUE_FIELD = 2;

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_FIXED32 = 5;

/** Thrown when the bytes are not a well-formed protobuf message. */
export class ProtobufFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtobufFormatError';
  }
}

interface Cursor {
  pos: number;
}

function readVarint(bytes: Uint8Array, cursor: Cursor, end: number): number {
  // Numbers above 2^53 cannot be lengths of anything in memory, so doubles suffice.
  let result = 0;
  let multiplier = 1;
  for (let i = 0; i < 10; i++) {
    if (cursor.pos >= end) throw new ProtobufFormatError('truncated varint');
    const byte = bytes[cursor.pos++] as number;
    result += (byte & 0x7f) * multiplier;
    if ((byte & 0x80) === 0) return result;
    multiplier *= 128;
  }
  throw new ProtobufFormatError('varint longer than 10 bytes');
}

/** Calls `onField` for each length-delimited field; skips every other field. */
function walkMessage(
  bytes: Uint8Array,
  start: number,
  end: number,
  onField: (field: number, from: number, to: number) => void,
): void {
  const cursor: Cursor = { pos: start };
  while (cursor.pos < end) {
    const tag = readVarint(bytes, cursor, end);
    const field = Math.floor(tag / 8);
    const wire = tag % 8;
    if (field === 0) throw new ProtobufFormatError('field number 0');
    switch (wire) {
      case WIRE_VARINT:
        readVarint(bytes, cursor, end);
        break;
      case WIRE_FIXED64:
        cursor.pos += 8;
        break;
      case WIRE_FIXED32:
        cursor.pos += 4;
        break;
      case WIRE_LENGTH_DELIMITED: {
        const length = readVarint(bytes, cursor, end);
        const from = cursor.pos;
        const to = from + length;
        if (to > end) throw new ProtobufFormatError('length-delimited field runs past the end');
        onField(field, from, to);
        cursor.pos = to;
        break;
      }
      default:
        // Groups (3/4) are deprecated and never used by ONNX.
        throw new ProtobufFormatError(`unsupported wire type ${wire}`);
    }
    if (cursor.pos > end) throw new ProtobufFormatError('fixed-size field runs past the end');
  }
}

/**
 * Reads ModelProto.metadata_props (key → value) from an .onnx file's bytes.
 * Returns {} for a model without metadata; throws ProtobufFormatError for bytes
 * that are not a protobuf message. Never reads beyond the buffer.
 */
export function readOnnxMetadata(bytes: Uint8Array): Record<string, string> {
  const decoder = new TextDecoder('utf-8');
  const metadata: Record<string, string> = {};
  walkMessage(bytes, 0, bytes.length, (field, from, to) => {
    if (field !== METADATA_PROPS_FIELD) return;
    let key = '';
    let value = '';
    walkMessage(bytes, from, to, (entryField, entryFrom, entryTo) => {
      const text = decoder.decode(bytes.subarray(entryFrom, entryTo));
      if (entryField === ENTRY_KEY_FIELD) key = text;
      else if (entryField === ENTRY_VALUE_FIELD) value = text;
    });
    if (key !== '') metadata[key] = value;
  });
  return metadata;
}
