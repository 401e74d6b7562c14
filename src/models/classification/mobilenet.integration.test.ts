// MobileNetV2 (ImageNet) on real photos with onnxruntime-node → a Choices
// result that validates. Needs ../shared: skipped with a message without it.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseLabelingConfig } from '../../core/config';
import { pickVisionTargets } from '../../core/mapping/vision-targets';
import { buildPrediction } from '../../core/predict/build-prediction';
import type { LoadedModel } from '../node-runner';
import { loadImageFile, loadModelFile, runDetection } from '../node-runner';
import type { ClassCandidate } from '../types';
import { fixturesPresent } from '../../../test/require-fixtures';

const modelsDir = resolve(process.cwd(), '../shared/models');
const imagesDir = resolve(process.cwd(), '../shared/fixtures/images');
const available = fixturesPresent('MobileNetV2 tests', modelsDir, imagesDir);
if (!available) {
  console.warn(`skipping MobileNetV2 integration tests: ${modelsDir} or ${imagesDir} is absent`);
}

const config = parseLabelingConfig(`<View>
  <Image name="image" value="$image"/>
  <Choices name="subject" toName="image">
    <Choice value="Coffee" predicted_values="espresso,cup,coffee mug"/>
    <Choice value="Cat" predicted_values="tabby,tiger cat,egyptian cat,persian cat,siamese cat"/>
  </Choices>
</View>`);

describe.skipIf(!available)('MobileNetV2 on real photos', () => {
  let model: LoadedModel;

  beforeAll(async () => {
    // A bare .onnx plus its labels file, as a user would drop them.
    const labels = JSON.parse(
      readFileSync(resolve(modelsDir, 'labels/imagenet_1000_ipne.json'), 'utf8'),
    ) as string[];
    const loaded = await loadModelFile(resolve(modelsDir, 'mobilenetv2-12-int8.onnx'));
    model = { ...loaded, manifest: { ...loaded.manifest, classNames: labels } };
  });

  it('is recognised as a classifier with the ImageNet pipeline of its documentation', () => {
    expect(model.manifest).toMatchObject({
      family: 'classification',
      preprocess: { width: 224, height: 224, resize: 'crop', cropRatio: 0.875 },
    });
    expect(model.manifest.preprocess.mean).toEqual([0.485, 0.456, 0.406]);
  });

  it.each([
    ['coffee.png', ['Espresso', 'Cup', 'Coffee mug'], 'Coffee'],
    ['chelsea.png', ['Tabby', 'Egyptian cat', 'Tiger cat'], 'Cat'],
  ])('%s: top class is one of %j, chosen as "%s"', async (file, expected, choice) => {
    const image = await loadImageFile(resolve(imagesDir, file));
    const classes = (await runDetection(
      model.session,
      model.family,
      model.manifest,
      image,
    )) as ClassCandidate[];
    const top = classes[0] as ClassCandidate;
    expect(expected).toContain(model.manifest.classNames[top.classIndex]);
    // Logits were turned into probabilities.
    expect(top.score).toBeGreaterThan(0.3);
    expect(top.score).toBeLessThanOrEqual(1);

    const targets = pickVisionTargets(config, 'class', model.manifest);
    const { prediction, issues } = buildPrediction({
      candidates: classes,
      classNames: model.manifest.classNames,
      targets,
      image,
      taskIndex: 0,
      modelVersion: 'mobilenetv2@test',
      config,
    });
    expect(issues).toEqual([]);
    expect(prediction.result).toHaveLength(1);
    expect(prediction.result[0]?.value).toEqual({ choices: [choice] });
    // The task score is the chosen label's probability (its classes summed).
    expect(prediction.score).toBeGreaterThanOrEqual(top.score - 1e-9);
  });
});
