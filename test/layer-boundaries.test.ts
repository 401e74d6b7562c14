// The layers' globals are enforced by the compiler (tsconfig.<layer>.json), not
// by convention: a core or model-family file that reaches for a page, worker or
// Node global must fail `npm run typecheck`. Probe files are written where real
// sources live, so the projects' own include patterns pick them up.
import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');

interface Probe {
  dir: string;
  global: string;
  code: string;
}

const PROBES: Probe[] = [
  { dir: 'src/core', global: 'document', code: 'export const probe = document.title;' },
  {
    dir: 'src/core',
    global: 'OffscreenCanvas',
    code: 'export const probe = new OffscreenCanvas(1, 1);',
  },
  { dir: 'src/core', global: 'indexedDB', code: "export const probe = indexedDB.open('probe');" },
  { dir: 'src/core', global: 'self', code: 'export const probe = self.location.href;' },
  {
    dir: 'src/core',
    global: 'navigator',
    code: 'export const probe = navigator.hardwareConcurrency;',
  },
  { dir: 'src/core', global: 'process', code: 'export const probe = process.env;' },
  {
    dir: 'src/models',
    global: 'createImageBitmap',
    code: 'export const probe = createImageBitmap;',
  },
  { dir: 'src/models', global: 'ImageData', code: 'export const probe = new ImageData(1, 1);' },
];

/** tsc's output for one project; it exits non-zero when there are errors. */
function typecheck(project: string): Promise<string> {
  // No build info: a probe run must not touch what `tsc -b` keeps.
  const args = [TSC, '-p', project, '--incremental', 'false', '--tsBuildInfoFile', 'null'];
  return new Promise((done) => {
    execFile(process.execPath, args, { cwd: ROOT, maxBuffer: 1 << 24 }, (_error, stdout) =>
      done(stdout),
    );
  });
}

describe('layer boundaries', () => {
  it('core and the model families cannot use page, worker or Node globals', async () => {
    const files = PROBES.map((probe) => ({
      ...probe,
      path: join(probe.dir, `boundary-probe-${process.pid}-${probe.global}.ts`),
    }));
    try {
      for (const file of files) writeFileSync(join(ROOT, file.path), `${file.code}\n`);
      const output = await typecheck('tsconfig.core.json');
      for (const file of files) {
        const errors = output.split('\n').filter((line) => line.startsWith(`${file.path}(`));
        expect(errors, `${file.path} should not type-check`).toHaveLength(1);
        expect(errors[0]).toContain(`Cannot find name '${file.global}'`);
      }
    } finally {
      for (const file of files) rmSync(join(ROOT, file.path), { force: true });
    }
  }, 180_000);
});
