// Results sharing an `id` form ONE region in the editor: a region result
// (geometry or span) plus results attached to it (per-region controls, and
// <Labels> on an <Image> in OCR layouts). Anything else sharing an id merges
// regions that were meant to be separate.

import { describeControl } from './context';
import { checkEllipse, checkKeypoint, checkPolygon, checkRectangleBox } from './geometry';
import { checkBrush } from './brush';
import type { ReportFn, ResultInfo } from './result-check';
import { geometryOf, isImageLabels, LABEL_LIST_KEY } from './roles';
import { isStringList } from './values';

type Checked = ResultInfo & Required<Pick<ResultInfo, 'control' | 'role'>>;

function where(info: ResultInfo): string {
  return `result ${info.index}${info.fromName !== undefined ? ` (from_name "${info.fromName}")` : ''}`;
}

export function checkLinks(infos: readonly ResultInfo[], report: ReportFn): void {
  const checked = infos.filter(
    (i): i is Checked => i.control !== undefined && i.role !== undefined,
  );
  const fail = (info: ResultInfo, message: string) => report(info, `${where(info)}: ${message}`);

  checkParentIds(infos, fail);

  const groups = new Map<string, Checked[]>();
  for (const info of checked) {
    if (info.id === undefined) continue;
    const group = groups.get(info.id);
    if (group) group.push(info);
    else groups.set(info.id, [info]);
  }
  for (const [id, group] of groups) checkGroup(id, group, fail);

  checkSingleClassification(checked, fail);
}

function checkParentIds(
  infos: readonly ResultInfo[],
  fail: (i: ResultInfo, m: string) => void,
): void {
  const ids = new Set(infos.map((i) => i.id).filter((id) => id !== undefined));
  for (const info of infos) {
    const parent = info.raw['parentID'];
    if (parent === undefined) continue;
    if (typeof parent !== 'string' || !ids.has(parent) || parent === info.id)
      fail(
        info,
        `parentID ${JSON.stringify(parent)} must be the id of another result in this prediction`,
      );
  }
}

function checkGroup(id: string, group: Checked[], fail: (i: ResultInfo, m: string) => void): void {
  const first = group[0];
  if (!first) return;
  for (const other of group.slice(1)) {
    if (other.toName !== first.toName)
      fail(
        other,
        `shares id "${id}" with result ${first.index} but has to_name "${String(other.toName)}" ` +
          `(result ${first.index} has "${String(first.toName)}"): linked results must target the same object; ` +
          `give unrelated results their own ids`,
      );
  }

  const regions = group.filter((i) => i.role === 'region');
  const region = regions[0];
  for (const extra of regions.slice(1)) {
    fail(
      extra,
      `two regions share id "${id}" (result ${region?.index} from "${region?.fromName}" and ` +
        `result ${extra.index} from "${extra.fromName}"): give every region its own id`,
    );
  }

  const seenControl = new Map<string, number>();
  for (const info of group) {
    if (info.role === 'region') continue;
    const before = seenControl.get(info.control.name);
    if (before !== undefined) {
      fail(
        info,
        `id "${id}" already has a result from ${describeControl(info.control)} (result ${before}): ` +
          `merge them into one result`,
      );
    }
    seenControl.set(info.control.name, info.index);

    if (info.role === 'classification') {
      if (group.length > 1)
        fail(
          info,
          `${describeControl(info.control)} is not perRegion, so its result needs an id of its own; ` +
            `"${id}" is also used by result ${group.find((g) => g !== info)?.index}: ` +
            `give it another id, or set perRegion="true" in the config`,
        );
      continue;
    }
    // An attachment: it needs a region to attach to.
    if (!region) {
      fail(
        info,
        isImageLabels(info.control, info.object)
          ? `${describeControl(info.control)} on an <Image> labels a region drawn by another tool: ` +
              `add that region's result (e.g. a rectangle) with the same id "${id}" ` +
              `(OCR layout: rectangle + labels + textarea share one id)`
          : `${describeControl(info.control)} is perRegion: its result must share its id with a region ` +
              `result (rectangle, polygon, span, ...), but no region has id "${id}"`,
      );
      continue;
    }
    checkAttachment(info, region, group, fail);
  }
}

function checkAttachment(
  info: Checked,
  region: Checked,
  group: readonly Checked[],
  fail: (i: ResultInfo, m: string) => void,
): void {
  const { control } = info;
  if (isImageLabels(control, info.object) && info.value) {
    // The labels result repeats its region's geometry (Label Studio's SDK
    // validates it with the partner's value model).
    const kind = geometryOf(region.control);
    const f = (m: string) => fail(info, m);
    const v = info.value;
    if (kind === 'rectangle') checkRectangleBox(v, f);
    else if (kind === 'polygon') checkPolygon(v, f);
    else if (kind === 'keypoint') checkKeypoint(v, f);
    else if (kind === 'ellipse') checkEllipse(v, f);
    else if (kind === 'brush') checkBrush(v, f, info.size);
  }
  if (control.whenTagName !== undefined && region.control.name !== control.whenTagName) {
    fail(
      info,
      `${describeControl(control)} applies only to regions from "${control.whenTagName}" (whenTagName), ` +
        `but region "${region.id}" comes from "${region.control.name}"`,
    );
  }
  if (control.whenLabelValue !== undefined) {
    const labels = group.flatMap((g) => {
      const key = LABEL_LIST_KEY[g.control.tag];
      const list = key && g.value ? g.value[key] : undefined;
      return isStringList(list) ? list : [];
    });
    if (!labels.includes(control.whenLabelValue))
      fail(
        info,
        `${describeControl(control)} applies only to regions labeled "${control.whenLabelValue}" ` +
          `(whenLabelValue), but region "${region.id}" is labeled ${labels.length ? labels.join(', ') : 'nothing'}`,
      );
  }
}

/** A non-perRegion control holds one result per object; the editor keeps only one. */
function checkSingleClassification(
  checked: readonly Checked[],
  fail: (i: ResultInfo, m: string) => void,
): void {
  const seen = new Map<string, number>();
  for (const info of checked) {
    if (info.role !== 'classification') continue;
    const key = `${info.control.name}\u0000${String(info.toName)}`;
    const before = seen.get(key);
    if (before !== undefined)
      fail(
        info,
        `${describeControl(info.control)} already has a result for "${String(info.toName)}" (result ${before}): ` +
          `merge both into one result`,
      );
    else seen.set(key, info.index);
  }
}
