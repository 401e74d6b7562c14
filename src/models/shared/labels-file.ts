// Class names for a model that does not embed them, from the file the user
// dropped next to it: one name per line (.txt/.names), a JSON list, or a JSON
// dict {"0": "person", …} (index → name) or {"person": 0, …} (name → index).

export class LabelsFileError extends Error {
  constructor(fileName: string, reason: string) {
    super(`${fileName}: ${reason}`);
    this.name = 'LabelsFileError';
  }
}

function fromIndexedEntries(fileName: string, entries: [number, string][]): string[] {
  entries.sort((a, b) => a[0] - b[0]);
  entries.forEach(([index], position) => {
    if (index !== position) {
      throw new LabelsFileError(fileName, `class indices must run 0..${entries.length - 1}`);
    }
  });
  return entries.map(([, name]) => name);
}

function fromJson(fileName: string, value: unknown): string[] {
  if (Array.isArray(value)) {
    if (!value.every((v) => typeof v === 'string')) {
      throw new LabelsFileError(fileName, 'a JSON list of class names must hold only strings');
    }
    return value;
  }
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of ['names', 'labels', 'classes']) {
      if (key in record) return fromJson(fileName, record[key]);
    }
    const entries = Object.entries(record);
    const isIndex = (s: string) => /^\d+$/.test(s);
    if (entries.every(([k, v]) => isIndex(k) && typeof v === 'string')) {
      return fromIndexedEntries(
        fileName,
        entries.map(([k, v]) => [Number(k), v as string]),
      );
    }
    if (entries.every(([, v]) => Number.isInteger(v))) {
      return fromIndexedEntries(
        fileName,
        entries.map(([k, v]) => [v as number, k]),
      );
    }
  }
  throw new LabelsFileError(
    fileName,
    'expected a JSON list of names or a dict {"0": "name"} / {"name": 0}',
  );
}

export function parseLabelsFile(fileName: string, text: string): string[] {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  let names: string[];
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      throw new LabelsFileError(fileName, `invalid JSON (${(error as Error).message})`);
    }
    names = fromJson(fileName, value).map((n) => n.trim());
  } else {
    names = trimmed
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '');
  }
  if (names.length === 0) throw new LabelsFileError(fileName, 'no class names in the file');
  const empty = names.findIndex((n) => n === '');
  if (empty >= 0) throw new LabelsFileError(fileName, `class ${empty} has an empty name`);
  return names;
}
