// DeepLabV3 on real photos: every class region kept once per photo, then
// thresholds, caps and min-area filters applied to it, each compared with
// the family's own decode at those settings (scores and every mask cell).
// Needs ../shared: skipped without it.
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LoadedModel } from '../node-runner';
import { loadImageFile, loadModelFile } from '../node-runner';
import { rethresholdMasks } from '../rethreshold-masks';
import { modelOutputs } from '../rethreshold-node-outputs';
import type { DecodeOptions, MaskCandidate } from '../types';
import { rawDecodeSemantic } from './raw-decode';
import { fixturesPresent } from '../../../test/require-fixtures';

const modelFile = resolve(process.cwd(), '../shared/models/deeplabv3-mobilenetv2-voc21-257.onnx');
const imagesDir = resolve(process.cwd(), '../shared/fixtures/images');
const available = fixturesPresent('DeepLabV3 re-threshold tests', modelFile, imagesDir);
if (!available) {
  console.warn(`skipping DeepLabV3 re-threshold tests: ${modelFile} or ${imagesDir} is absent`);
}

const PERSON = 15;

function comparable(candidates: readonly MaskCandidate[]) {
  return candidates.map((c) => ({
    ...c,
    mask: { ...c.mask, data: Buffer.from(c.mask.data).toString('base64') },
  }));
}

describe.skipIf(!available)('DeepLabV3: re-thresholding equals decoding directly', () => {
  let model: LoadedModel;
  const photos = available ? readdirSync(imagesDir).sort() : [];

  beforeAll(async () => {
    model = await loadModelFile(modelFile);
  });

  it.each(photos)('%s: thresholds, caps and min areas give the same regions', async (file) => {
    const image = await loadImageFile(resolve(imagesDir, file));
    const { outputs, transform } = await modelOutputs(model, image);
    const raw = rawDecodeSemantic(outputs, transform, model.manifest);
    const runBytes = raw.candidates.reduce((s, c) => s + (c.mask?.runs.byteLength ?? 0), 0);
    console.log(
      `${file}: ${raw.candidates.length} classes present, ${runBytes} bytes of mask runs, ${raw.coveredCells} cells`,
    );
    expect(raw.truncated).toBe(false);
    let regions = 0;
    for (const minAreaFraction of [0, 0.001, 0.01, 0.05, 0.2]) {
      const manifest = { ...model.manifest, decode: { ...model.manifest.decode, minAreaFraction } };
      const grid: DecodeOptions[] = [0, 0.5, 0.9].flatMap((confidence) =>
        [1, 100].map((maxDetections) => ({ confidence, iou: 0, maxDetections })),
      );
      grid.push({
        confidence: 0.9,
        iou: 0,
        maxDetections: 100,
        classConfidence: { [PERSON]: 0.2 },
      });
      for (const options of grid) {
        const derived = rethresholdMasks(raw, options, 'none', minAreaFraction);
        const direct = model.family.decode(
          outputs,
          transform,
          manifest,
          options,
        ) as MaskCandidate[];
        expect(derived.exact).toBe(true);
        expect(comparable(derived.candidates)).toEqual(comparable(direct));
        regions += direct.length;
      }
    }
    // Photos with VOC objects give regions, so masks were really compared.
    if (!['rocket.jpg', 'text.png'].includes(file)) expect(regions).toBeGreaterThan(0);
  });
});
