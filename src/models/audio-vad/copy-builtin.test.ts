// The install step puts Silero VAD from @ricky0123/vad-web into public/models.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import manifestJson from './silero-vad.manifest.json';
import { loadNodeVad, vadWebModelPath } from './node-vad';
import { DEFAULT_SEGMENT_RULES } from './speech-segments';

const out = mkdtempSync(join(tmpdir(), 'prelabel-vad-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

it('copies the Silero VAD file byte for byte, with a manifest, a licence and an index entry', async () => {
  const r = spawnSync(
    'node',
    [join(process.cwd(), 'scripts', 'copy-builtin-models.mjs'), '--out', out],
    {
      encoding: 'utf8',
    },
  );
  expect(r.status).toBe(0);
  const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8'));
  const entry = index.models.find((m: { id: string }) => m.id === 'silero-vad');
  expect(entry).toMatchObject({
    family: 'audio-vad',
    task: 'vad',
    input: 'audio',
    path: 'silero-vad/',
  });
  expect(entry.files).toEqual(['silero_vad_v6.onnx', 'manifest.json', 'LICENSE.txt']);
  const copied = readFileSync(join(out, 'silero-vad', 'silero_vad_v6.onnx'));
  expect(copied.equals(readFileSync(vadWebModelPath('silero_vad_v6.onnx')))).toBe(true);
  const manifest = JSON.parse(readFileSync(join(out, 'silero-vad', 'manifest.json'), 'utf8'));
  expect(manifest.package.name).toBe('@ricky0123/vad-web');
  expect(manifest.license).toMatch(/MIT/);
  expect(readFileSync(join(out, 'silero-vad', 'LICENSE.txt'), 'utf8')).toMatch(/Silero Team/);
  // The copy is a working VAD of the v5/v6 interface.
  const vad = await loadNodeVad(join(out, 'silero-vad', 'silero_vad_v6.onnx'));
  expect(vad.kind).toBe('state');
  await vad.release();
});

it('copies only the two openWakeWord feature models, never its wake-word models', () => {
  const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8'));
  const entry = index.models.find((m: { id: string }) => m.id === 'openwakeword-embedding');
  expect(entry?.files).toEqual([
    'melspectrogram.onnx',
    'embedding_model.onnx',
    'manifest.json',
    'LICENSE.txt',
  ]);
  expect(readdirSync(join(out, 'openwakeword-embedding')).sort()).toEqual([
    'LICENSE.txt',
    'embedding_model.onnx',
    'manifest.json',
    'melspectrogram.onnx',
  ]);
});

it('the manifest carries the same segment rules the code defaults to', () => {
  const { threshold, minSpeechSeconds, minSilenceSeconds, padSeconds } = manifestJson.decode;
  expect({ threshold, minSpeechSeconds, minSilenceSeconds, padSeconds }).toEqual(
    DEFAULT_SEGMENT_RULES,
  );
});
