// The built-in model packages the app serves (public/models/index.json,
// written by scripts/copy-builtin-models.mjs on npm install).

export interface BuiltinModel {
  id: string;
  name: string;
  task: string;
  family: string;
  license: string;
  source: string;
  /** Package folder, relative to the models/ folder, ending with `/`. */
  path: string;
  /** What the model reads: `image` (the default), `audio` (the CLI and the server only) or `text`. */
  input: string;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Entries without an id or a folder are skipped: the list is advisory, not trusted input. */
export function parseBuiltinIndex(json: unknown): BuiltinModel[] {
  const models = (json as { models?: unknown } | null)?.models;
  if (!Array.isArray(models)) return [];
  const out: BuiltinModel[] = [];
  for (const m of models as Record<string, unknown>[]) {
    const id = text(m?.id);
    const path = text(m?.path) || (id ? `${id}/` : '');
    if (!id || !/^[\w.-]+\/?$/.test(path)) continue;
    out.push({
      id,
      name: text(m.name) || id,
      task: text(m.task),
      family: text(m.family),
      license: text(m.license),
      source: text(m.source),
      path: path.endsWith('/') ? path : `${path}/`,
      input: text(m.input) || 'image',
    });
  }
  return out;
}

/** The app's models/ folder, next to index.html wherever the app is hosted. */
export function modelsBaseUrl(): string {
  return new URL('models/', document.baseURI).href;
}

/**
 * The entries the page can run: it has no audio tasks yet, so the audio
 * models copied at install (for the CLI and the server) get no "Use" button
 * that could only fail.
 */
export function pageBuiltins(models: readonly BuiltinModel[]): BuiltinModel[] {
  return models.filter((m) => m.input === 'image');
}

export async function fetchBuiltinModels(): Promise<BuiltinModel[]> {
  const response = await fetch(new URL('index.json', modelsBaseUrl()));
  const type = response.headers.get('content-type') ?? '';
  // Without npm install the file is absent (a static host may answer with index.html).
  if (!response.ok || type.startsWith('text/html')) return [];
  return pageBuiltins(parseBuiltinIndex(await response.json()));
}
