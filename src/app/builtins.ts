// The built-in model packages the app serves (public/models/index.json,
// written by scripts/copy-builtin-models.mjs on npm install).
import type { LabelingConfig } from '../core/config/types';

export interface BuiltinModel {
  id: string;
  name: string;
  task: string;
  family: string;
  license: string;
  source: string;
  /** Package folder, relative to the models/ folder, ending with `/`. */
  path: string;
  /** What the model reads: `image` (the default), `audio` or `text`. */
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

/** The built-in VAD (public/models/silero-vad): regions on audio, and a recogniser's segments. */
export const VAD_BUILTIN = 'silero-vad';

/**
 * The entries the page can run: image models and the VAD. The openWakeWord
 * embedding alone has no head (it is copied for `prelabel train`), so it
 * gets no "Use" button that could only fail.
 */
export function pageBuiltins(models: readonly BuiltinModel[]): BuiltinModel[] {
  return models.filter((m) => m.input === 'image' || m.family === 'audio-vad');
}

const AUDIO_OBJECTS = new Set(['Audio', 'AudioPlus']);

/** A `<Labels>` on an `<Audio>`/`<AudioPlus>`: where the VAD's regions go. */
export function hasAudioLabels(config: LabelingConfig | null): boolean {
  if (!config) return false;
  return config.controls.some(
    (c) =>
      c.tag === 'Labels' &&
      !c.perRegion &&
      c.toName.some((n) => config.objects.some((o) => o.name === n && AUDIO_OBJECTS.has(o.tag))),
  );
}

/** The entries offered for this config: audio models only when it has audio to label. */
export function offeredBuiltins(
  models: readonly BuiltinModel[],
  config: LabelingConfig | null,
): BuiltinModel[] {
  const audio = hasAudioLabels(config);
  return models.filter((m) => m.input !== 'audio' || audio);
}

export async function fetchBuiltinModels(): Promise<BuiltinModel[]> {
  const response = await fetch(new URL('index.json', modelsBaseUrl()));
  const type = response.headers.get('content-type') ?? '';
  // Without npm install the file is absent (a static host may answer with index.html).
  if (!response.ok || type.startsWith('text/html')) return [];
  return pageBuiltins(parseBuiltinIndex(await response.json()));
}
