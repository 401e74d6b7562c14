import { describe, expect, it } from 'vitest';
import { parseLabelingConfig } from '../core/config';
import type { ModelInfo } from '../engine/api';
import { EMPTY_MAPPING, createMappingSlice, type MappingHostState } from './mapping-slice';

const configXml = `<View><Image name="image" value="$image"/>
  <RectangleLabels name="box" toName="image"><Label value="Person"/></RectangleLabels>
  <PolygonLabels name="shape" toName="image"><Label value="Person"/></PolygonLabels>
</View>`;

function host(kind: ModelInfo['kind']) {
  let state: MappingHostState = {
    ...EMPTY_MAPPING,
    config: parseLabelingConfig(configXml),
    configXml,
    model: { kind, classNames: ['person', 'car'], bytesHash: 'ab' } as ModelInfo,
    options: { confidence: 0.25, iou: 0.7, maxDetections: 300 },
  };
  type State = MappingHostState;
  const set = (p: Partial<State> | ((s: State) => Partial<State>)) => {
    state = { ...state, ...(typeof p === 'function' ? p(state) : p) };
  };
  const slice = createMappingSlice(set, () => state);
  return { slice, get: () => state };
}

describe('mapping slice', () => {
  it('picks the first fitting control, then follows the user', () => {
    const { slice, get } = host('box');
    slice.refreshTargets(true);
    expect(get().targetKey).toBe('box→image');
    expect(get().targets[0]?.mapping).toEqual({ person: 'Person', car: null });
    slice.chooseTarget('shape→image');
    expect(get().targets.map((t) => [t.kind, t.fromName])).toEqual([['polygon', 'shape']]);
    slice.setMapping('shape', 'person', null);
    expect(get().targets[0]?.mapping.person).toBeNull();
    expect(get().mappingReasons.shape?.person).toBe('manual');
  });

  it('keeps per-class thresholds apart from the global one and drops them on reset', () => {
    const { slice, get } = host('box');
    slice.refreshTargets(true);
    slice.setClassConfidence(1, 0.6);
    expect(get().options).toMatchObject({ confidence: 0.25, classConfidence: { 1: 0.6 } });
    slice.setClassConfidence(1, null);
    expect(get().options.classConfidence).toBeUndefined();
    slice.setClassConfidence(0, 0.9);
    slice.resetMapping();
    expect(get().options.classConfidence).toBeUndefined();
  });

  it('explains an OCR model that has no target in this config', () => {
    const { slice, get } = host('text');
    slice.refreshTargets(true);
    expect(get().ocrChoices).toEqual([]);
    expect(get().targetError).toMatch(/TextArea perRegion="true"/);
  });
});
