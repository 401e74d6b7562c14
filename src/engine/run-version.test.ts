import { describe, expect, it } from 'vitest';
import type { VisionTarget } from '../core/mapping/vision-targets';
import { modelVersionOf } from '../core/predict/model-version';
import { runModelVersion } from './run-version';

const detector = {
  id: 'yolov8n',
  name: 'yolov8n',
  kind: 'box' as const,
  bytesHash: 'ab'.repeat(32),
};
const target: VisionTarget = {
  kind: 'rectangle',
  fromName: 'label',
  toName: 'image',
  hasLabels: true,
  mapping: { person: 'Person', car: null },
};
const options = { confidence: 0.25, iou: 0.7, maxDetections: 300 };

describe('runModelVersion', () => {
  it('is what the CLI computes for the same model, mapping and thresholds', async () => {
    // src/cli/predictors/image.ts hashes {mappings: [[fromName, mapping]], ...options}.
    const cli = await modelVersionOf('yolov8n', detector.bytesHash, {
      mappings: [['label', target.mapping]],
      ...options,
    });
    expect(await runModelVersion(detector, { targets: [target], options })).toBe(cli);
  });

  it('changes with the mapping, a threshold and a per-class threshold', async () => {
    const base = await runModelVersion(detector, { targets: [target], options });
    const remapped = { ...target, mapping: { person: 'Person', car: 'Car' } };
    const versions = await Promise.all([
      runModelVersion(detector, { targets: [remapped], options }),
      runModelVersion(detector, { targets: [target], options: { ...options, iou: 0.5 } }),
      runModelVersion(detector, {
        targets: [target],
        options: { ...options, classConfidence: { 0: 0.6 } },
      }),
    ]);
    expect(new Set([base, ...versions]).size).toBe(4);
  });

  it('names OCR packages by id and hashes only the minimum score, like the CLI', async () => {
    const ocr = { id: 'ppocr-v4', name: 'PaddleOCR', kind: 'text' as const, bytesHash: 'cd' };
    const version = await runModelVersion(ocr, {
      targets: [],
      options: { ...options, confidence: 0.5 },
    });
    expect(version).toBe(await modelVersionOf('ppocr-v4', 'cd', { minScore: 0.5 }));
  });
});
