// The ORT WebAssembly bytes the engine hands to ONNX Runtime (why: ort-wasm-binary.ts).
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORT_TAG_SECTION, fetchOrtWasm, withTagSection } from './ort-wasm-binary';

const wasmPath = createRequire(import.meta.url).resolve(
  'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm',
);
/** The smallest module: magic and version, nothing else. */
const EMPTY_MODULE = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);

function tagsOf(bytes: Uint8Array<ArrayBuffer>): string[] {
  return WebAssembly.Module.customSections(new WebAssembly.Module(bytes), ORT_TAG_SECTION).map(
    (section) => new TextDecoder().decode(section),
  );
}

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/ort.wasm') {
      res.writeHead(200, { 'content-type': 'application/wasm' });
      res.end(readFileSync(wasmPath));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((done) => server.close(() => done())));

describe('withTagSection', () => {
  it('adds a custom section holding the tag, leaving a valid module', () => {
    const tagged = withTagSection(EMPTY_MODULE, '0a1b2c');
    expect(WebAssembly.validate(tagged)).toBe(true);
    expect(tagsOf(tagged)).toEqual(['0a1b2c']);
    expect(tagged.subarray(0, EMPTY_MODULE.length)).toEqual(EMPTY_MODULE);
  });

  it('refuses a tag too long for a one-byte section size', () => {
    expect(() => withTagSection(EMPTY_MODULE, 'x'.repeat(120))).toThrow(/one-byte/);
  });
});

describe('fetchOrtWasm', () => {
  it("returns ORT's whole module, still valid, carrying the tag", async () => {
    const original = readFileSync(wasmPath);
    const bytes = await fetchOrtWasm('5eed', `${base}/ort.wasm`);
    expect(WebAssembly.validate(bytes)).toBe(true);
    expect(Buffer.from(bytes.subarray(0, original.length)).equals(original)).toBe(true);
    expect(bytes.length).toBe(original.length + 2 + 1 + ORT_TAG_SECTION.length + 4);
    expect(new TextDecoder().decode(bytes.subarray(-4))).toBe('5eed');
  });

  it('names the URL and the HTTP status when the file is missing', async () => {
    await expect(fetchOrtWasm('5eed', `${base}/gone.wasm`)).rejects.toThrow(
      `ONNX Runtime's WebAssembly could not be loaded (${base}/gone.wasm: HTTP 404)`,
    );
  });
});
