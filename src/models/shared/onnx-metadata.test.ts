import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProtobufFormatError, readOnnxMetadata } from './onnx-metadata';
import { fixturesPresent } from '../../../test/require-fixtures';

// A minimal protobuf writer, enough to hand-build a ModelProto.
function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 128) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}
const tag = (field: number, wire: number) => varint(field * 8 + wire);
const bytesField = (field: number, body: number[]) => [
  ...tag(field, 2),
  ...varint(body.length),
  ...body,
];
const text = (s: string) => Array.from(new TextEncoder().encode(s));
const entry = (key: string, value: string) =>
  bytesField(14, [...bytesField(1, text(key)), ...bytesField(2, text(value))]);

describe('readOnnxMetadata on hand-built protobuf', () => {
  // Top-level fields kept apart so the truncation test knows where they end.
  const fields = [
    [...tag(1, 0), ...varint(8)], // ir_version (varint)
    bytesField(2, text('pytorch')), // producer_name
    bytesField(7, [...bytesField(1, [1, 2, 3]), ...Array(300).fill(0x08)]), // graph: skipped whole
    entry('task', 'detect'),
    [...tag(99, 1), ...Array(8).fill(0xff)], // unknown fixed64
    [...tag(98, 5), ...Array(4).fill(0xff)], // unknown fixed32
    entry('names', "{0: 'person', 1: 'café'}"),
  ];
  const model = new Uint8Array(fields.flat());
  const fieldEnds = new Set(fields.map((_, i) => fields.slice(0, i + 1).flat().length));

  it('returns every metadata_props entry and skips other fields', () => {
    expect(readOnnxMetadata(model)).toEqual({ task: 'detect', names: "{0: 'person', 1: 'café'}" });
  });

  it('reads entries whose value comes before the key, and empty values', () => {
    const swapped = bytesField(14, [...bytesField(2, text('v')), ...bytesField(1, text('k'))]);
    const empty = bytesField(14, bytesField(1, text('e')));
    expect(readOnnxMetadata(new Uint8Array([...swapped, ...empty]))).toEqual({ k: 'v', e: '' });
  });

  it('returns {} for a model without metadata and for empty bytes', () => {
    expect(readOnnxMetadata(new Uint8Array([...tag(1, 0), 7]))).toEqual({});
    expect(readOnnxMetadata(new Uint8Array())).toEqual({});
  });

  it('throws instead of reading past the end of a truncated buffer', () => {
    // Cut inside a field: must throw. Cut between fields: a valid shorter model.
    let throwing = 0;
    for (let cut = 1; cut < model.length; cut++) {
      const read = () => readOnnxMetadata(model.subarray(0, cut));
      if (fieldEnds.has(cut)) {
        expect(read, `cut at ${cut}`).not.toThrow();
      } else {
        expect(read, `cut at ${cut}`).toThrow(ProtobufFormatError);
        throwing++;
      }
    }
    expect(throwing).toBe(model.length - fieldEnds.size);
    // A length prefix claiming more bytes than exist.
    expect(() => readOnnxMetadata(new Uint8Array([...tag(14, 2), ...varint(1000), 1, 2]))).toThrow(
      /past the end/,
    );
    // A subarray view: bytes after the view's end must not be read.
    const inView = new Uint8Array([...entry('a', 'b'), ...entry('c', 'd')]);
    const firstOnly = inView.subarray(0, entry('a', 'b').length);
    expect(readOnnxMetadata(firstOnly)).toEqual({ a: 'b' });
  });

  it('rejects bytes that are not protobuf', () => {
    expect(() => readOnnxMetadata(new TextEncoder().encode('\x07hello'))).toThrow(
      ProtobufFormatError,
    );
  });
});

const modelsDir = resolve(process.cwd(), '../shared/models');
const present = fixturesPresent('real-model metadata tests', modelsDir);

describe.skipIf(!present)('readOnnxMetadata on the real model files', () => {
  it('finds Ultralytics names, task, imgsz and end2end', () => {
    const meta = readOnnxMetadata(
      readFileSync(resolve(modelsDir, 'yolo26n-int8dyn-640-end2end.onnx')),
    );
    expect(meta.author).toBe('Ultralytics');
    expect(meta.task).toBe('detect');
    expect(meta.imgsz).toBe('[640, 640]');
    expect(meta.end2end).toBe('True');
    expect(meta.names).toMatch(/^\{0: 'person', 1: 'bicycle'.*79: 'toothbrush'\}$/);
  });

  it('finds nothing in a model exported without metadata', () => {
    expect(readOnnxMetadata(readFileSync(resolve(modelsDir, 'yolox-nano-416.onnx')))).toEqual({});
  });
});
