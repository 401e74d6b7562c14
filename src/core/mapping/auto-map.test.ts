import { describe, expect, it } from 'vitest';
import type { ControlTag, LabelDef } from '../config/types';
import { autoMapLabels, parseMappingSpec } from './auto-map';

const pos = { line: 1, column: 1 };
function label(value: string, extra: Partial<LabelDef> = {}): LabelDef {
  return { name: extra.alias ?? value, value, predictedValues: [], children: [], pos, ...extra };
}
function control(labels: LabelDef[], tag: ControlTag['tag'] = 'RectangleLabels'): ControlTag {
  return {
    tag,
    name: 'label',
    resultType: tag.toLowerCase(),
    toName: ['image'],
    labels,
    multiple: false,
    perRegion: false,
    attrs: {},
    pos,
  };
}

describe('autoMapLabels', () => {
  it('matches exact, case/space/underscore-insensitive and plural names', () => {
    const ctl = control([label('person'), label('Traffic Light'), label('Cars'), label('Bus')]);
    const { mapping, reasons } = autoMapLabels(
      ['person', 'traffic_light', 'car', 'buses', 'zebra'],
      ctl,
    );
    expect(mapping).toEqual({
      person: 'person',
      traffic_light: 'Traffic Light',
      car: 'Cars',
      buses: 'Bus',
      zebra: null,
    });
    expect(reasons.traffic_light).toBe('normalized');
    expect(reasons.car).toBe('plural');
    expect(reasons.zebra).toBeUndefined();
  });

  it('prefers predicted_values over a same-named label and uses alias as the result name', () => {
    const ctl = control([
      label('car'),
      label('Vehicle', { alias: 'veh', predictedValues: ['car', 'truck'] }),
    ]);
    const { mapping, reasons } = autoMapLabels(['car', 'truck', 'Vehicle'], ctl);
    expect(mapping).toEqual({ car: 'veh', truck: 'veh', Vehicle: 'veh' });
    expect(reasons.car).toBe('predicted_values');
    expect(reasons.Vehicle).toBe('exact');
  });

  it('keeps every class as geometry only when the control has no labels', () => {
    const { mapping } = autoMapLabels(['person', 'cat'], control([], 'Rectangle'));
    expect(mapping).toEqual({ person: '', cat: '' });
  });
});

describe('parseMappingSpec', () => {
  it('reads class=Label pairs and drops classes with an empty label', () => {
    expect(parseMappingSpec('person=Human, dog=,cat = Cat')).toEqual({
      person: 'Human',
      dog: null,
      cat: 'Cat',
    });
  });
  it('rejects an entry without "="', () => {
    expect(() => parseMappingSpec('person')).toThrow(/class=Label/);
  });
});
