import { describe, expect, it } from 'vitest';
import { parseLabelingConfig } from '../../core/config';
import type { ModelManifest } from '../types';
import { ultralyticsClsFamily } from '../ultralytics/classify/family';
import type { OpenedTensorModel } from './open-model';
import { predictTask } from './predict-task';

describe('predictTask', () => {
  it('refuses an input of another modality than the family reads, naming both', async () => {
    let ran = false;
    const model = {
      family: ultralyticsClsFamily,
      manifest: { classNames: ['a', 'b'] } as unknown as ModelManifest,
      inputName: 'images',
      sessions: {
        model: {
          run: async () => {
            ran = true;
            return {};
          },
        },
      },
    } as unknown as OpenedTensorModel;
    const config = parseLabelingConfig(`<View><Text name="t" value="$text"/>
      <Choices name="c" toName="t"><Choice value="a"/></Choices></View>`);
    await expect(
      predictTask(
        model,
        { task: { index: 0, data: {} }, text: 'a review' },
        {
          config,
          targets: [],
          options: { confidence: 0.25, iou: 0, maxDetections: 5 },
          modelVersion: 'm',
        },
      ),
    ).rejects.toThrow('ultralytics-cls models read image, the task gives text');
    expect(ran).toBe(false);
  });
});
