// PP-OCR packages as a registry family: three sessions (detect, classify
// angle, read) and a dictionary, driven by runOcr. Reading keeps every line
// (the raw form); a minimum score is applied after, so later settings need
// no inference.
import type { PipelineFamily, TensorData } from '../types';
import type { OcrSettings } from './meta';
import { runOcr } from './pipeline';
import { parseDictionary } from './rec';
import { linesAtMinScore, OCR_RAW_MIN_SCORE, ocrRawCandidates } from './rethreshold';
import type { OcrFiles, OcrManifest, OcrModelKey } from './types';

export const OCR_FAMILY_ID = 'ocr';

const SESSION_KEYS: readonly OcrModelKey[] = ['det', 'rec', 'cls'];

function filesOf(manifest: { id: string; files?: Partial<OcrFiles> }): OcrFiles {
  const files = manifest.files ?? {};
  const missing = [...SESSION_KEYS, 'dictionary' as const].filter(
    (k) => typeof files[k] !== 'string' || files[k] === '',
  );
  if (missing.length > 0) {
    throw new Error(
      `${manifest.id}: the OCR manifest must name det, rec, cls and dictionary files (missing: ${missing.join(', ')})`,
    );
  }
  return files as OcrFiles;
}

/** A blank input of the shape each session reads (det: any multiple of 32). */
function warmUpDims(key: string, settings: OcrSettings): number[] {
  if (key === 'det') return [1, 3, 64, 64];
  if (key === 'rec') return [1, 3, settings.rec.height, settings.rec.minWidth];
  return [1, 3, settings.cls.height, settings.cls.width];
}

/** The dictionary of the last package read (parsing 6 600 entries per task would add up). */
let lastDictionary: { text: string; parsed: string[] } | undefined;

function dictionaryOf(text: string): string[] {
  if (lastDictionary?.text !== text) lastDictionary = { text, parsed: parseDictionary(text) };
  return lastDictionary.parsed;
}

export const ocrFamily: PipelineFamily<'image'> = {
  kind: 'pipeline',
  modality: 'image',
  id: OCR_FAMILY_ID,
  displayName: 'OCR (PP-OCR: detect, classify angle, recognise)',
  resultKinds: ['text'],
  // Three sessions and a dictionary: only a package manifest describes them.
  bare: null,

  packageFiles(manifest) {
    const files = filesOf(manifest as OcrManifest);
    return {
      sessions: { det: files.det, rec: files.rec, cls: files.cls },
      assets: { dictionary: files.dictionary },
    };
  },

  warmUpFeeds(key, manifest) {
    const settings = manifest.decode as unknown as OcrSettings;
    const dims = warmUpDims(key, settings);
    const data = new Float32Array(dims.reduce((a, b) => a * b, 1));
    const input: TensorData = { type: 'float32', data, dims };
    return { [settings.inputName]: input };
  },

  run(runner, image, manifest, assets) {
    return runOcr((key, feeds) => runner(key, feeds), image, {
      manifest: manifest as OcrManifest,
      dictionary: dictionaryOf(assets.dictionary ?? ''),
      minScore: OCR_RAW_MIN_SCORE,
    });
  },

  keepRaw: (lines, budget) => ocrRawCandidates(lines, budget),

  rethreshold(raw, options) {
    const { lines, exact } = linesAtMinScore(raw, options.confidence);
    return { candidates: lines, exact };
  },
};
