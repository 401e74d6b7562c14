// Run settings for journal tests: a run of model "m" on source "s".
import type { RunSettings } from './types';

export const TEST_RUN_SETTINGS: RunSettings = {
  modelHash: 'm',
  modelName: 'yolo',
  modelVersion: 'yolo@1',
  configHash: 'c',
  sourceFingerprint: 's',
  request: { targets: [], options: { confidence: 0.25, iou: 0.7, maxDetections: 10 } },
};
