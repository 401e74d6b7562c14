// YuNet on a real photo with onnxruntime-node → a face box and 5 landmarks
// that validate. Needs ../shared: skipped with a message without it.
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseLabelingConfig } from '../../core/config';
import { pickVisionTargets } from '../../core/mapping/vision-targets';
import { buildPrediction } from '../../core/predict/build-prediction';
import type { LoadedModel } from '../node-runner';
import { loadImageFile, loadModelFile, runDetection } from '../node-runner';
import type { KeypointCandidate } from '../types';
import { fixturesPresent } from '../../../test/require-fixtures';

const modelsDir = resolve(process.cwd(), '../shared/models');
const imagesDir = resolve(process.cwd(), '../shared/fixtures/images');
const available = fixturesPresent('YuNet tests', modelsDir, imagesDir);
if (!available) {
  console.warn(`skipping YuNet integration tests: ${modelsDir} or ${imagesDir} is absent`);
}

const config = parseLabelingConfig(`<View>
  <Image name="image" value="$image"/>
  <RectangleLabels name="face" toName="image"><Label value="Face"/></RectangleLabels>
  <KeyPointLabels name="landmark" toName="image">
    <Label value="right_eye"/><Label value="left_eye"/><Label value="nose"/>
    <Label value="right_mouth_corner"/><Label value="left_mouth_corner"/>
  </KeyPointLabels>
</View>`);

describe.skipIf(!available)('YuNet on a real photo', () => {
  let model: LoadedModel;

  beforeAll(async () => {
    model = await loadModelFile(resolve(modelsDir, 'yunet-face-5kps.onnx'));
  });

  it('finds one face on astronaut.png with its landmarks in place', async () => {
    expect(model.manifest.family).toBe('yunet');
    const image = await loadImageFile(resolve(imagesDir, 'astronaut.png'));
    const faces = (await runDetection(
      model.session,
      model.family,
      model.manifest,
      image,
    )) as KeypointCandidate[];
    expect(faces).toHaveLength(1);
    const face = faces[0] as KeypointCandidate;
    // The face is in the upper middle of the photo, well inside the image.
    expect(face.y + face.height).toBeLessThan(image.height / 2);
    const [rightEye, leftEye, nose, rightMouth, leftMouth] = face.keypoints;
    for (const p of face.keypoints) {
      expect(p.x).toBeGreaterThan(face.x);
      expect(p.x).toBeLessThan(face.x + face.width);
      expect(p.y).toBeGreaterThan(face.y);
      expect(p.y).toBeLessThan(face.y + face.height);
    }
    // Eyes above the nose above the mouth; the subject's right eye on the image's left.
    const eyes = Math.max(rightEye!.y, leftEye!.y);
    expect(eyes).toBeLessThan(nose!.y);
    expect(nose!.y).toBeLessThan(Math.min(rightMouth!.y, leftMouth!.y));
    expect(rightEye!.x).toBeLessThan(leftEye!.x);
    expect(rightMouth!.x).toBeLessThan(leftMouth!.x);

    const targets = pickVisionTargets(config, 'keypoints', model.manifest);
    const { prediction, issues } = buildPrediction({
      candidates: faces,
      classNames: model.manifest.classNames,
      keypointNames: model.manifest.keypointNames,
      targets,
      image,
      taskIndex: 0,
      modelVersion: 'yunet@test',
      config,
    });
    expect(issues).toEqual([]);
    const [box, ...points] = prediction.result;
    expect(box?.value.rectanglelabels).toEqual(['Face']);
    expect(points.map((p) => p.value.keypointlabels)).toEqual(
      model.manifest.keypointNames?.map((n) => [n]),
    );
    expect(points.every((p) => p.parentID === box?.id)).toBe(true);
  });
});
