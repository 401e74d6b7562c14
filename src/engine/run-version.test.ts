// model_version is computed once (models/predictor/model-version.ts): the page
// and the worker call it with the loaded model's info, the CLI with its
// opened model. Both sides are run here on the same file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PredictArgs } from '../cli/predict-args';
import { createPredictor } from '../cli/predictors/create-predictor';
import { parseLabelingConfig } from '../core/config';
import type { VisionTarget } from '../core/mapping/vision-targets';
import { pickVisionTargets } from '../core/mapping/vision-targets';
import { modelVersionOf } from '../core/predict/model-version';
import { releaseModel } from '../models/predictor';
import { openModelFile } from '../models/predictor/node-runtime';
import { seededWeights, tinyOnnx } from '../models/predictor/tiny-onnx';
import { createPackagePredictor, openCliPackage } from '../cli/predictors/package';
import { textTargetChoices } from '../app/targets';
import { loadModel, modelInfoOf } from './model-loader';
import { requestModelVersion, runModelVersion } from './run-version';

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

  it('names text models by id and hashes only the minimum score', async () => {
    const ocr = { id: 'ppocr-v4', name: 'PaddleOCR', kind: 'text' as const, bytesHash: 'cd' };
    const version = await runModelVersion(ocr, {
      targets: [],
      options: { ...options, confidence: 0.5 },
    });
    expect(version).toBe(await modelVersionOf('ppocr-v4', 'cd', { minScore: 0.5 }));
  });
});

describe('the worker and the CLI name the same run alike', () => {
  const dir = mkdtempSync(join(tmpdir(), 'prelabel-version-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // A two-class classifier: the smallest model both sides open as a dropped file.
  const path = join(dir, 'tiny-cls.onnx');
  writeFileSync(
    path,
    tinyOnnx({
      input: { name: 'images', dims: [1, 3, 32, 32] },
      outputs: ['output0'],
      nodes: [
        { op: 'GlobalAveragePool', inputs: ['images'], outputs: ['pooled'] },
        { op: 'Flatten', inputs: ['pooled'], outputs: ['flat'] },
        { op: 'Gemm', inputs: ['flat', 'w'], outputs: ['logits'] },
        { op: 'Softmax', inputs: ['logits'], outputs: ['output0'], attributes: { axis: 1 } },
      ],
      initializers: [{ name: 'w', dims: [3, 2], data: seededWeights(6, 3) }],
    }),
  );
  const config = parseLabelingConfig(`<View><Image name="image" value="$image"/>
    <Choices name="kind" toName="image"><Choice value="yes"/><Choice value="no"/></Choices></View>`);

  const cases: Pick<PredictArgs, 'conf' | 'maxDet' | 'map'>[] = [
    {},
    { conf: 0.6, maxDet: 1 },
    { map: 'class0=no,class1=yes' },
  ];
  it.each(cases)('CLI options %o', async (cliOptions) => {
    const cli = await createPredictor({ modelPath: path }, config, {
      config: '',
      tasks: '',
      model: path,
      out: '',
      format: 'tasks',
      backend: 'node',
      ...cliOptions,
    });
    await cli.release();
    // The page: the loaded model's info, the chosen target with its mapping, the thresholds.
    const opened = await openModelFile(path);
    const info = modelInfoOf(opened, [{ backend: 'wasm', threads: 1, simd: true }], false);
    await releaseModel(opened);
    const targets = pickVisionTargets(config, 'class', { classNames: info.classNames });
    if (cliOptions.map) targets[0]!.mapping = { class0: 'no', class1: 'yes' };
    const page = await requestModelVersion(info, {
      targets,
      options: {
        ...info.defaults,
        confidence: cliOptions.conf ?? info.defaults.confidence,
        maxDetections: cliOptions.maxDet ?? info.defaults.maxDetections,
      },
    });
    expect(page).toBe(cli.modelVersion);
  });
});

describe('a text model: the page names the run as prelabel predict does', () => {
  const config = parseLabelingConfig(`<View><Text name="text" value="$text"/>
    <Labels name="ner" toName="text"><Label value="PER" predicted_values="Person"/><Label value="Date"/></Labels></View>`);

  it.each([{ conf: 0 }, { conf: 0.5, map: 'Person=Date' }])(
    'built-in tagger, CLI options %o',
    async (cliOptions) => {
      const opened = await openCliPackage({ model: 'builtin-entities', backend: 'node' });
      const cli = await createPackagePredictor(opened!, config, {
        model: 'builtin-entities',
        backend: 'node',
        ...cliOptions,
      });
      await cli.release();
      // The page: the worker's model info and the mapping table's state, as runRequestOf sends it.
      const { info } = await loadModel(
        { source: { kind: 'text-builtin', id: 'builtin-entities' }, backend: 'wasm' },
        () => undefined,
      );
      expect(info.kind).toBe('text-span');
      const [choice] = textTargetChoices(config, 'span', info.classNames);
      const mapping = { ...choice!.targets[0]!.mapping };
      if (cliOptions.map) mapping['Person'] = 'Date';
      const page = await requestModelVersion(info, {
        targets: [],
        options: { ...info.defaults, confidence: cliOptions.conf },
        text: { fromName: 'ner', toName: 'text', mapping },
      });
      expect(page).toBe(cli.modelVersion);
    },
  );
});
