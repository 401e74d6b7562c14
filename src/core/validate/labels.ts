// Label names in results must be the config's names (`alias` || `value`);
// the editor silently removes any other.

import type { ControlTag, LabelDef } from '../config/types';
import { describeControl, listNames } from './context';
import { show } from './values';

type Fail = (message: string) => void;

function flatten(labels: readonly LabelDef[]): LabelDef[] {
  return labels.flatMap((l) => [l, ...flatten(l.children)]);
}

/** Labels read from task data (`value="$labels"`) or an API are unknown until run time. */
export function hasDynamicLabels(control: ControlTag): boolean {
  return (
    control.dynamicLabelsKey !== undefined ||
    (control.attrs['value'] ?? '').startsWith('$') ||
    control.attrs['apiurl'] !== undefined
  );
}

/** Whether a control lets one region/result carry several labels. */
export function allowsMultiple(control: ControlTag): boolean {
  return control.multiple || control.attrs['choice'] === 'multiple';
}

/** Why `name` is not a label of `defs`, with a hint when the mistake is guessable. */
function unknownLabelHint(name: string, defs: readonly LabelDef[]): string {
  const byValue = defs.find((d) => d.alias !== undefined && d.value === name);
  if (byValue)
    return `; "${name}" is the value of the label with alias "${byValue.alias}": write "${byValue.name}"`;
  const lower = name.toLowerCase();
  const byCase = defs.find((d) => d.name.toLowerCase() === lower);
  if (byCase) return `; names are case-sensitive: did you mean "${byCase.name}"?`;
  const byPredicted = defs.find((d) => d.predictedValues.includes(name));
  if (byPredicted)
    return `; "${name}" is a predicted_values entry of "${byPredicted.name}": write "${byPredicted.name}"`;
  return '';
}

/**
 * Checks a list of label names held under `value[key]` against `defs`
 * (the control's own labels, or for video boxes the Labels on that video).
 */
export function checkLabelList(
  names: unknown,
  key: string,
  control: ControlTag,
  fail: Fail,
  defs: readonly LabelDef[] = control.labels,
  owner = describeControl(control),
): void {
  if (!Array.isArray(names)) {
    fail(`value.${key} must be a list of label names, got ${show(names)}`);
    return;
  }
  const allowEmpty = control.attrs['allowempty']?.toLowerCase() === 'true';
  if (names.length === 0 && !allowEmpty) {
    fail(`value.${key} is empty: name at least one label (an unlabeled region loses its ${key})`);
    return;
  }
  if (names.length > 1 && !allowsMultiple(control) && control.tag !== 'VideoRectangle') {
    fail(
      `value.${key} has ${names.length} labels (${names.map(show).join(', ')}) but ${describeControl(control)} ` +
        `allows one: keep the best one, or set choice="multiple" in the config`,
    );
  }
  const seen = new Set<string>();
  const all = flatten(defs);
  const known = new Set(all.map((d) => d.name));
  for (const name of names) {
    if (typeof name !== 'string') {
      fail(`value.${key} must hold label names as strings, got ${show(name)}`);
      continue;
    }
    if (seen.has(name)) fail(`label "${name}" is listed twice in value.${key}`);
    seen.add(name);
    if (hasDynamicLabels(control) || known.has(name)) continue;
    fail(
      `label "${name}" is not in ${owner} (labels: ${listNames(all.map((d) => d.name))})` +
        unknownLabelHint(name, all),
    );
  }
}

/** Taxonomy: a list of paths from a root to the chosen node, each step a child of the last. */
export function checkTaxonomy(paths: unknown, control: ControlTag, fail: Fail): void {
  if (!Array.isArray(paths) || paths.length === 0) {
    fail(
      `value.taxonomy must be a non-empty list of paths like [["Root", "Leaf"]], got ${show(paths)}`,
    );
    return;
  }
  const leafsOnly = control.attrs['leafsonly']?.toLowerCase() === 'true';
  const maxUsages = Number(control.attrs['maxusages']);
  if (Number.isInteger(maxUsages) && maxUsages > 0 && paths.length > maxUsages) {
    fail(
      `value.taxonomy has ${paths.length} paths but maxUsages="${maxUsages}" allows ${maxUsages}`,
    );
  }
  for (const path of paths) {
    if (!Array.isArray(path) || path.length === 0 || !path.every((s) => typeof s === 'string')) {
      fail(`each taxonomy path must be a non-empty list of names, got ${show(path)}`);
      continue;
    }
    if (hasDynamicLabels(control)) continue;
    let level: readonly LabelDef[] = control.labels;
    let parent: string | undefined;
    let node: LabelDef | undefined;
    for (const step of path as string[]) {
      node = level.find((d) => d.name === step);
      if (!node) {
        const where = parent === undefined ? 'a root of' : `a child of "${parent}" in`;
        fail(
          `taxonomy path ${show(path)}: "${step}" is not ${where} ${describeControl(control)} ` +
            `(${parent === undefined ? 'roots' : 'children'}: ${listNames(level.map((d) => d.name))})`,
        );
        break;
      }
      parent = step;
      level = node.children;
    }
    if (node && node.name === path[path.length - 1] && leafsOnly && node.children.length > 0) {
      fail(
        `taxonomy path ${show(path)} ends at "${node.name}", which is not a leaf (leafsOnly="true")`,
      );
    }
  }
}
