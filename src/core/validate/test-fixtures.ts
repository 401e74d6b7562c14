// Shared test fixtures: a config covering every control kind, and valid
// result items to mutate in tests (each is valid on its own).

import { validatePrediction } from './validate-prediction';
import { config, control, object } from './test-config';
import type { LabelingConfig } from '../config/types';

export const cfg: LabelingConfig = config(
  [
    object('Image', 'image', 'image'),
    object('Text', 'text', 'text'),
    object('HyperText', 'html', 'html'),
    object('AudioPlus', 'audio', 'audio'),
    object('Paragraphs', 'dialog', 'dialog'),
    object('TimeSeries', 'ts', 'ts'),
    object('Video', 'video', 'video'),
    object('Image', 'pages', 'pages', { valueList: true }),
  ],
  [
    control('RectangleLabels', 'label', 'image', [
      'Person',
      'Car',
      { value: 'Bicycle', alias: 'Bike' },
    ]),
    control('Rectangle', 'bbox', 'image'),
    control('PolygonLabels', 'poly', 'image', ['Road']),
    control('KeyPointLabels', 'kp', 'image', ['Nose']),
    control('EllipseLabels', 'ell', 'image', ['Cell']),
    control('BrushLabels', 'mask', 'image', ['Cat']),
    control('Labels', 'ocr', 'image', ['Text', 'Handwriting']),
    control('TextArea', 'transcription', 'image', [], { perRegion: true }),
    control('Choices', 'region_kind', 'image', ['Clear', 'Blurry'], { perRegion: true }),
    control('Choices', 'class', 'image', ['Indoor', 'Outdoor', 'Night'], {
      multiple: true,
      attrs: { choice: 'multiple' },
    }),
    control('Choices', 'quality', 'image', ['Good', 'Bad']),
    control('Taxonomy', 'tax', 'image', [
      { value: 'Animal', children: [{ value: 'Mammal', children: ['Cat', 'Dog'] }, 'Bird'] },
      'Plant',
    ]),
    control('Rating', 'stars', 'image', [], { maxRating: 5 }),
    control('Number', 'count', 'image', [], { min: 0, max: 10 }),
    control('DateTime', 'when', 'image'),
    control('Labels', 'ner', 'text', ['PER', 'LOC', 'Date']),
    control('HyperTextLabels', 'htl', 'html', ['Header']),
    control('Labels', 'speech', 'audio', ['Speech', 'Noise']),
    control('ParagraphLabels', 'para', 'dialog', ['Question']),
    control('TimeSeriesLabels', 'tsl', 'ts', ['Run']),
    control('Labels', 'vlabels', 'video', ['Car', 'Person']),
    control('VideoRectangle', 'vbox', 'video'),
    control('RectangleLabels', 'page_box', 'pages', ['Stamp']),
  ],
);

export const rect = () => ({
  id: 'r1',
  from_name: 'label',
  to_name: 'image',
  type: 'rectanglelabels',
  original_width: 640,
  original_height: 480,
  image_rotation: 0,
  score: 0.91,
  value: { x: 10.5, y: 20, width: 30, height: 40, rotation: 0, rectanglelabels: ['Car'] },
});

/** Messages of validating `results` as one prediction. */
export function messages(
  results: unknown[],
  c: LabelingConfig = cfg,
  taskData?: Record<string, unknown>,
): string[] {
  return validatePrediction(
    { model_version: 'm@1', score: 0.5, result: results },
    c,
    taskData ? { taskData } : {},
  ).map((i) => i.message);
}
