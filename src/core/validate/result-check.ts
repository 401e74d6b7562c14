// Checks one result item: its envelope (id, from_name, to_name, type, image
// size, score…) and then its value.

import type { ControlTag, LabelingConfig, ObjectTag } from '../config/types';
import { describeControl, listNames, type ResultContext } from './context';
import type { ImageSize } from './geometry';
import { geometryOf, isImageLabels, roleOf, type ResultRole } from './roles';
import { checkValue } from './value-checks';
import { isFiniteNumber, isInteger, isObject, show, type JsonObject } from './values';

export const ID_PATTERN = /^[A-Za-z0-9_-]+$/;

/** What later cross-result checks (shared ids) need to know about a result. */
export interface ResultInfo {
  index: number;
  raw: JsonObject;
  id?: string;
  fromName?: string;
  toName?: string;
  control?: ControlTag;
  object?: ObjectTag;
  role?: ResultRole;
  value?: JsonObject;
  size?: ImageSize;
}

export type ReportFn = (
  info: Pick<ResultInfo, 'index' | 'id' | 'fromName'>,
  message: string,
) => void;

export function checkResult(
  raw: unknown,
  index: number,
  config: LabelingConfig,
  report: ReportFn,
  taskData?: Record<string, unknown>,
): ResultInfo | undefined {
  if (!isObject(raw)) {
    report(
      { index },
      `result ${index} must be an object {id, from_name, to_name, type, value}, got ${show(raw)}`,
    );
    return undefined;
  }
  const info: ResultInfo = { index, raw };
  if (typeof raw['id'] === 'string') info.id = raw['id'];
  if (typeof raw['from_name'] === 'string') info.fromName = raw['from_name'];
  const fail = (message: string) =>
    report(
      info,
      `result ${index}${info.fromName !== undefined ? ` (from_name "${info.fromName}")` : ''}: ${message}`,
    );

  checkId(raw['id'], fail);

  const control = findControl(raw['from_name'], config, fail);
  if (!control) return info;
  info.control = control;

  const toName = raw['to_name'];
  if (typeof toName !== 'string') {
    fail(
      `to_name must be the name of the object it labels (one of: ${control.toName.join(', ')}), got ${show(toName)}`,
    );
  } else {
    info.toName = toName;
    if (!control.toName.includes(toName)) {
      fail(
        `to_name "${toName}" is not a target of ${describeControl(control)} ` +
          `(toName: ${control.toName.join(', ')}); Label Studio drops the result`,
      );
    } else {
      info.object = config.objects.find((o) => o.name === toName);
      if (!info.object) fail(`to_name "${toName}" names no object tag in the config`);
    }
  }
  info.role = roleOf(control, info.object);

  const expectedType = control.resultType || control.tag.toLowerCase();
  if (raw['type'] !== expectedType) {
    fail(
      `type ${show(raw['type'])} does not match ${describeControl(control)}: use "${expectedType}"`,
    );
  }

  const value = raw['value'];
  if (!isObject(value)) {
    fail(`value must be an object, got ${show(value)}`);
    return info;
  }
  info.value = value;

  info.size = checkImageFields(raw, control, info.object, fail);
  checkOptionalFields(raw, info.object, info.role, fail);

  const ctx: ResultContext = { index, raw, value, control, object: info.object, config, fail };
  if (taskData) ctx.taskData = taskData;
  checkValue(ctx, info.size);
  return info;
}

function checkId(id: unknown, fail: (m: string) => void): void {
  if (id === undefined) {
    fail(
      'has no id: give every result an id of [A-Za-z0-9_-] (results sharing an id form one region)',
    );
  } else if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
    fail(`id ${show(id)} must be a non-empty string of letters, digits, "_" and "-"`);
  }
}

function findControl(
  fromName: unknown,
  config: LabelingConfig,
  fail: (m: string) => void,
): ControlTag | undefined {
  const names = config.controls.map((c) => c.name);
  if (typeof fromName !== 'string') {
    fail(
      `from_name must be the name of a control tag (one of: ${listNames(names)}), got ${show(fromName)}`,
    );
    return undefined;
  }
  const control = config.controls.find((c) => c.name === fromName);
  if (!control) {
    fail(
      `from_name "${fromName}" is not a control in the labeling config (controls: ${listNames(names)}); ` +
        `Label Studio drops the result`,
    );
  }
  return control;
}

/**
 * Image regions need the original pixel size: percentages are relative to it
 * and brush masks must match it exactly.
 */
function checkImageFields(
  raw: JsonObject,
  control: ControlTag,
  object: ObjectTag | undefined,
  fail: (m: string) => void,
): ImageSize | undefined {
  const w = raw['original_width'];
  const h = raw['original_height'];
  const needsSize =
    object?.tag === 'Image' &&
    (geometryOf(control) !== undefined || isImageLabels(control, object));
  if (w === undefined && h === undefined) {
    if (needsSize)
      fail(
        'original_width and original_height are missing: give the image size in pixels on every image region',
      );
    return undefined;
  }
  let ok = true;
  for (const [key, v] of [
    ['original_width', w],
    ['original_height', h],
  ] as const) {
    if (!isInteger(v) || v <= 0) {
      fail(`${key} must be a positive integer number of pixels, got ${show(v)}`);
      ok = false;
    }
  }
  return ok ? { width: w as number, height: h as number } : undefined;
}

function checkOptionalFields(
  raw: JsonObject,
  object: ObjectTag | undefined,
  role: ResultRole,
  fail: (m: string) => void,
): void {
  const score = raw['score'];
  if (score !== undefined && (!isFiniteNumber(score) || score < 0 || score > 1))
    fail(`score (the region's confidence) must be a number in 0..1, got ${show(score)}`);
  const rot = raw['image_rotation'];
  if (rot !== undefined && !isFiniteNumber(rot))
    fail(`image_rotation must be a number of degrees, got ${show(rot)}`);
  for (const key of ['readonly', 'hidden']) {
    const v = raw[key];
    if (v !== undefined && typeof v !== 'boolean')
      fail(`${key} must be true or false, got ${show(v)}`);
  }
  const origin = raw['origin'];
  if (origin !== undefined && typeof origin !== 'string')
    fail(`origin must be a string, got ${show(origin)}`);
  const meta = raw['meta'];
  if (meta !== undefined && !isObject(meta)) fail(`meta must be an object, got ${show(meta)}`);
  const itemIndex = raw['item_index'];
  if (itemIndex !== undefined) {
    if (!isInteger(itemIndex) || itemIndex < 0)
      fail(`item_index must be a non-negative integer, got ${show(itemIndex)}`);
    else if (object && !object.valueList)
      fail(
        `item_index is only for objects with valueList; <${object.tag} name="${object.name}"> shows one item`,
      );
  } else if (object?.valueList && role === 'region') {
    fail(
      `item_index is missing: <${object.tag} name="${object.name}"> shows a list (valueList), say which item`,
    );
  }
}
