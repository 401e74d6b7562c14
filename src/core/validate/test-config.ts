// Test helper: builds LabelingConfig objects by hand, so validator tests do
// not depend on the XML parser. As in the parser's output, `attrs` keys are
// lower-cased (`perregion`, `leafsonly`).

import type {
  ControlTag,
  ControlTagName,
  LabelDef,
  LabelingConfig,
  ObjectTag,
  ObjectTagName,
} from '../config/types';

const pos = { line: 1, column: 1 };

export type LabelSpec =
  string | { value: string; alias?: string; predictedValues?: string[]; children?: LabelSpec[] };

export function label(spec: LabelSpec): LabelDef {
  const s = typeof spec === 'string' ? { value: spec } : spec;
  const def: LabelDef = {
    name: s.alias ?? s.value,
    value: s.value,
    predictedValues: s.predictedValues ?? [],
    children: (s.children ?? []).map(label),
    pos,
  };
  if (s.alias !== undefined) def.alias = s.alias;
  return def;
}

export function control(
  tag: ControlTagName,
  name: string,
  toName: string | string[],
  labels: LabelSpec[] = [],
  extra: Partial<ControlTag> = {},
): ControlTag {
  return {
    tag,
    name,
    resultType: tag.toLowerCase(),
    toName: Array.isArray(toName) ? toName : [toName],
    labels: labels.map(label),
    multiple: false,
    perRegion: false,
    attrs: {},
    pos,
    ...extra,
  };
}

export function object(
  tag: ObjectTagName,
  name: string,
  dataKey?: string,
  extra: Partial<ObjectTag> = {},
): ObjectTag {
  const o: ObjectTag = { tag, name, valueList: false, attrs: {}, pos, ...extra };
  if (dataKey !== undefined) {
    o.dataKey = dataKey;
    o.attrs = { value: `$${dataKey}`, ...o.attrs };
  }
  return o;
}

export function config(objects: ObjectTag[], controls: ControlTag[]): LabelingConfig {
  return { objects, controls, warnings: [] };
}
