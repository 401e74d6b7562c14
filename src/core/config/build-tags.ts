import { ConfigError, describeTag } from './errors';
import type { ConfigWarning, ControlTag, ControlTagName, LabelDef, ObjectTag } from './types';
import type { ObjectTagName } from './types';
import type { XmlElement } from './xml-tree';

/** `$image` → `image`; `$a.b[0]` → `a.b[0]`; literal text → undefined. */
export function dataKeyOf(value: string | undefined): string | undefined {
  const m = value?.trim().match(/^\$([^\s$]+)$/);
  return m?.[1];
}

const isTrue = (v: string | undefined): boolean => v?.trim().toLowerCase() === 'true';

/** Comma list as Label Studio splits it: trimmed, empties dropped. */
export const splitList = (v: string | undefined): string[] =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** `name` attribute, required on every object and control tag. */
function requireName(el: XmlElement, kind: 'object' | 'control'): string {
  const name = el.attrs.name?.trim();
  if (!name) {
    throw new ConfigError(
      el.pos,
      `<${el.name}> has no name="…" attribute; every ${kind} tag needs a unique name`,
    );
  }
  return name;
}

export function buildObject(el: XmlElement, tag: ObjectTagName): ObjectTag {
  const name = requireName(el, 'object');
  const list = dataKeyOf(el.attrs.valuelist);
  const dataKey = list ?? dataKeyOf(el.attrs.value);
  return {
    tag,
    name,
    ...(dataKey !== undefined && { dataKey }),
    valueList: list !== undefined,
    attrs: el.attrs,
    pos: el.pos,
  };
}

function readNumber(
  el: XmlElement,
  attr: string,
  warnings: ConfigWarning[],
  name: string,
): number | undefined {
  const raw = el.attrs[attr];
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (Number.isFinite(n)) return n;
  warnings.push({
    message: `line ${el.pos.line}: ${describeTag(el.name, name)} has ${attr}="${raw}", which is not a number; ignored`,
    pos: el.pos,
  });
  return undefined;
}

export function buildControl(
  el: XmlElement,
  tag: ControlTagName,
  warnings: ConfigWarning[],
): ControlTag {
  const name = requireName(el, 'control');
  // An empty toName is reported by checkReferences, which can list the objects.
  const toName = splitList(el.attrs.toname);
  const a = el.attrs;
  const multiple =
    tag === 'Taxonomy' ? a.maxusages?.trim() !== '1' : a.choice?.trim() === 'multiple';
  const control: ControlTag = {
    tag,
    name,
    resultType: tag.toLowerCase(),
    toName,
    labels: [],
    multiple,
    perRegion: isTrue(a.perregion),
    attrs: a,
    pos: el.pos,
  };
  if (a.whentagname !== undefined) control.whenTagName = a.whentagname;
  if (a.whenlabelvalue !== undefined) control.whenLabelValue = a.whenlabelvalue;
  if (a.whenchoicevalue !== undefined) control.whenChoiceValue = a.whenchoicevalue;
  if (a.visiblewhen !== undefined) control.visibleWhen = a.visiblewhen;
  const dynamic = tag === 'TextArea' ? undefined : dataKeyOf(a.value);
  if (dynamic !== undefined) control.dynamicLabelsKey = dynamic;
  if (tag === 'Rating') control.maxRating = readNumber(el, 'maxrating', warnings, name) ?? 5;
  if (tag === 'Number') {
    const min = readNumber(el, 'min', warnings, name);
    const max = readNumber(el, 'max', warnings, name);
    if (min !== undefined) control.min = min;
    if (max !== undefined) control.max = max;
  }
  return control;
}

/** A `<Label>`/`<Choice>`; undefined (with a warning) when it has no value to be named by. */
export function buildLabel(el: XmlElement, warnings: ConfigWarning[]): LabelDef | undefined {
  const value = el.attrs.value;
  if (value === undefined || value === '') {
    warnings.push({
      message: `line ${el.pos.line}: <${el.name}> has no value="…" and is ignored`,
      pos: el.pos,
    });
    return undefined;
  }
  const alias = el.attrs.alias;
  const label: LabelDef = {
    name: alias !== undefined && alias !== '' ? alias : value,
    value,
    predictedValues: splitList(el.attrs.predicted_values),
    children: [],
    pos: el.pos,
  };
  if (alias !== undefined && alias !== '') label.alias = alias;
  if (el.attrs.background !== undefined) label.background = el.attrs.background;
  return label;
}
