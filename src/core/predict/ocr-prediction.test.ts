import { describe, expect, it } from 'vitest';
import { parseLabelingConfig } from '../config';
import { OcrTargetError, pickOcrTarget } from '../mapping';
import { buildOcrPrediction } from './ocr-prediction';

const OCR_CONFIG = `<View>
  <Image name="image" value="$ocr"/>
  <Labels name="label" toName="image"><Label value="Handwriting"/><Label value="Text"/></Labels>
  <Rectangle name="bbox" toName="image"/>
  <Polygon name="poly" toName="image"/>
  <TextArea name="transcription" toName="image" editable="true" perRegion="true"/>
</View>`;

const line = (y: number, text: string, tilt = 0) => ({
  quad: [
    [10, y],
    [110, y + tilt],
    [110, y + tilt + 20],
    [10, y + 20],
  ] as [number, number][] as never,
  box: { x: 10, y, width: 100, height: 20 + tilt },
  text,
  score: 0.9,
});

describe('OCR predictions', () => {
  it('picks the rectangle, the "Text" label and the per-region textarea of the OCR template', () => {
    const target = pickOcrTarget(parseLabelingConfig(OCR_CONFIG));
    expect(target).toEqual({
      toName: 'image',
      shape: { fromName: 'bbox', kind: 'rectangle' },
      label: { fromName: 'label', labels: ['Text'] },
      textArea: { fromName: 'transcription' },
    });
  });

  it('emits geometry + labels + textarea sharing one id per line, and validates', () => {
    const config = parseLabelingConfig(OCR_CONFIG);
    const { prediction, issues } = buildOcrPrediction({
      lines: [line(10, 'Hello'), line(50, 'tilted', 10)],
      target: pickOcrTarget(config),
      image: { width: 200, height: 100 },
      taskIndex: 0,
      modelVersion: 'ppocr-v4@x',
      config,
    });
    expect(issues).toEqual([]);
    expect(prediction.result.map((r) => [r.id, r.type])).toEqual([
      ['t0_0', 'rectangle'],
      ['t0_0', 'labels'],
      ['t0_0', 'textarea'],
      ['t0_1', 'rectangle'],
      ['t0_1', 'labels'],
      ['t0_1', 'textarea'],
    ]);
    expect(prediction.result[2]?.value.text).toEqual(['Hello']);
    expect(prediction.result[0]?.value.rotation).toBe(0);
    // atan(10/100) ≈ 5.71°: a tilted line keeps its tilt.
    expect(prediction.result[3]?.value.rotation).toBeCloseTo(5.71, 1);
  });

  it('says what the config lacks when it has no per-region textarea', () => {
    const config = parseLabelingConfig(
      '<View><Image name="i" value="$i"/><Rectangle name="r" toName="i"/></View>',
    );
    expect(() => pickOcrTarget(config)).toThrow(OcrTargetError);
    expect(() => pickOcrTarget(config)).toThrow(/TextArea perRegion="true"/);
  });
});
