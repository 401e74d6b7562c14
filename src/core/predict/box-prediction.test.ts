import { describe, expect, it } from 'vitest';
import { parseLabelingConfig } from '../config';
import { buildBoxPrediction } from './box-prediction';

const config = parseLabelingConfig(`<View>
  <Image name="image" value="$image"/>
  <RectangleLabels name="label" toName="image"><Label value="Person"/></RectangleLabels>
</View>`);

const base = {
  boxes: [
    { classIndex: 0, score: 0.8, x: 10, y: 10, width: 20, height: 20 },
    { classIndex: 0, score: 0.4, x: 50, y: 50, width: 20, height: 20 },
  ],
  classNames: ['person'],
  target: { fromName: 'label', toName: 'image', hasLabels: true },
  image: { width: 100, height: 100 },
  taskIndex: 37,
  modelVersion: 'm@1',
  config,
};

describe('buildBoxPrediction', () => {
  it('gives one valid prediction with the mean score and stable, task-unique ids', () => {
    const { prediction, issues } = buildBoxPrediction({ ...base, mapping: { person: 'Person' } });
    expect(issues).toEqual([]);
    expect(prediction.model_version).toBe('m@1');
    expect(prediction.score).toBeCloseTo(0.6);
    expect(prediction.result.map((r) => r.id)).toEqual(['t11_0', 't11_1']);
  });

  it('reports a mapping to a label the config lacks instead of emitting it silently', () => {
    const { issues } = buildBoxPrediction({ ...base, mapping: { person: 'Human' } });
    expect(issues[0]?.message).toMatch(/"Human" is not in <RectangleLabels name="label">/);
  });
});
