// yolov8n-seg on real photos: one relaxed decode kept per photo, then many
// settings applied to it, each compared with the family's own decode at those
// settings (boxes, scores and every mask cell). Needs ../shared: skipped without it.
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LoadedModel } from '../node-runner';
import { loadImageFile, loadModelFile } from '../node-runner';
import { rethresholdMasks } from '../rethreshold-masks';
import { modelOutputs } from '../rethreshold-node-outputs';
import type { Candidate, DecodeOptions } from '../types';
import { rawDecodeSegment } from './raw-decode';
import { fixturesPresent } from '../../../test/require-fixtures';

const modelFile = resolve(process.cwd(), '../shared/models/yolov8n-seg-int8dyn-320.onnx');
const imagesDir = resolve(process.cwd(), '../shared/fixtures/images');
const available = fixturesPresent('yolov8n-seg re-threshold tests', modelFile, imagesDir);
if (!available) {
  console.warn(`skipping -seg re-threshold tests: ${modelFile} or ${imagesDir} is absent`);
}

const PERSON = 0;
const CAT = 15;

/** Candidates with each mask's cells as one string: a fast exact comparison. */
function comparable(candidates: readonly Candidate[]) {
  return candidates.map((c) =>
    c.kind === 'mask'
      ? { ...c, mask: { ...c.mask, data: Buffer.from(c.mask.data).toString('base64') } }
      : c,
  );
}

/** The settings a user may move to after a run: thresholds, IoU, cap, per-class overrides. */
function settingsGrid(): DecodeOptions[] {
  const grid: DecodeOptions[] = [];
  for (const confidence of [0.05, 0.1, 0.25, 0.4, 0.6, 0.85]) {
    for (const iou of [0.3, 0.5, 0.7, 0.95]) {
      for (const maxDetections of [2, 100]) grid.push({ confidence, iou, maxDetections });
    }
  }
  grid.push({ confidence: 0.5, iou: 0.7, maxDetections: 100, classConfidence: { [CAT]: 0.06 } });
  grid.push({ confidence: 0.1, iou: 0.5, maxDetections: 100, classConfidence: { [PERSON]: 0.7 } });
  return grid;
}

describe.skipIf(!available)('yolov8n-seg: re-thresholding equals decoding directly', () => {
  let model: LoadedModel;
  const photos = available ? readdirSync(imagesDir).sort() : [];

  beforeAll(async () => {
    model = await loadModelFile(modelFile);
  });

  it.each(photos)('%s: every setting gives the same regions, masks cell for cell', async (file) => {
    const image = await loadImageFile(resolve(imagesDir, file));
    const { outputs, transform } = await modelOutputs(model, image);
    // The run was made at the defaults; the raw list is kept from it.
    const raw = rawDecodeSegment(outputs, transform, model.manifest, model.manifest.defaults);
    const runBytes = raw.candidates.reduce((s, c) => s + (c.mask?.runs.byteLength ?? 0), 0);
    console.log(
      `${file}: ${raw.candidates.length} raw candidates ≥ ${raw.floor}, ${runBytes} bytes of mask runs`,
    );
    expect(raw.truncated).toBe(false);
    let regions = 0;
    for (const options of settingsGrid()) {
      const derived = rethresholdMasks(raw, options, 'class-aware');
      const direct = model.family.decode(outputs, transform, model.manifest, options);
      expect(derived.exact).toBe(true);
      expect(comparable(derived.candidates)).toEqual(comparable(direct));
      regions += direct.length;
    }
    // The photos with COCO objects give regions, so masks were really compared.
    if (!['rocket.jpg', 'text.png'].includes(file)) expect(regions).toBeGreaterThan(0);
  });

  it('a threshold under the kept floor is flagged, not silently wrong', async () => {
    const image = await loadImageFile(resolve(imagesDir, 'astronaut.png'));
    const { outputs, transform } = await modelOutputs(model, image);
    const raw = rawDecodeSegment(outputs, transform, model.manifest, model.manifest.defaults);
    const low = { confidence: 0.01, iou: 0.7, maxDetections: 100 };
    expect(rethresholdMasks(raw, low, 'class-aware').exact).toBe(false);
    // A run made at 0.01 keeps down to 0.01, and is exact there.
    const rawLow = rawDecodeSegment(outputs, transform, model.manifest, low);
    const derived = rethresholdMasks(rawLow, low, 'class-aware');
    expect(derived.exact).toBe(true);
    const direct = model.family.decode(outputs, transform, model.manifest, low);
    expect(comparable(derived.candidates)).toEqual(comparable(direct));
  });
});
