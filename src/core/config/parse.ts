import { buildControl, buildLabel, buildObject } from './build-tags';
import { checkToNames, checkUniqueNames } from './check-refs';
import type { NamedTag } from './check-refs';
import { ConfigError, describeTag } from './errors';
import { suggestTag } from './suggest';
import {
  controlTagOf,
  isLabelItem,
  isLayoutTag,
  isOtherControl,
  isOtherObject,
  objectTagOf,
  takesLabels,
} from './tags';
import type { ConfigWarning, ControlTag, LabelDef, LabelingConfig, ObjectTag } from './types';
import { readXmlTree } from './xml-tree';
import type { XmlElement } from './xml-tree';

/** Where a `<Label>`/`<Choice>` met on the way down goes. */
type LabelSink =
  | { kind: 'list'; labels: LabelDef[] }
  | { kind: 'ignore' }
  | { kind: 'none'; unknownParent?: XmlElement };

interface State {
  objects: ObjectTag[];
  controls: ControlTag[];
  named: NamedTag[];
  warnings: ConfigWarning[];
}

/**
 * Reads a Label Studio labeling config. Throws ConfigError (with line/column)
 * for configs Label Studio would reject or Prelabel cannot use; tags it does
 * not know become warnings.
 */
export function parseLabelingConfig(xml: string): LabelingConfig {
  const root = readXmlTree(xml);
  if (root.name.toLowerCase() !== 'view') {
    throw new ConfigError(root.pos, `the root tag must be <View>, not <${root.name}>`);
  }
  const state: State = { objects: [], controls: [], named: [], warnings: [] };
  walkChildren(root, { kind: 'none' }, state);
  checkUniqueNames(state.named);
  checkToNames(state.controls, state.objects, state.named);
  return { objects: state.objects, controls: state.controls, warnings: state.warnings };
}

function walkChildren(el: XmlElement, sink: LabelSink, state: State): void {
  for (const child of el.children) visit(child, sink, state);
}

function visit(el: XmlElement, sink: LabelSink, state: State): void {
  const objectTag = objectTagOf(el.name);
  // A nameless <Table> is the old visual table, not the object tag.
  if (objectTag && !(objectTag === 'Table' && el.attrs.name === undefined)) {
    const object = buildObject(el, objectTag);
    state.objects.push(object);
    state.named.push({ tag: objectTag, name: object.name, pos: el.pos, role: 'object' });
    // HyperText may hold inline HTML, which is content rather than config.
    if (objectTag !== 'HyperText') walkChildren(el, sink, state);
    return;
  }
  const controlTag = controlTagOf(el.name);
  if (controlTag) {
    const control = buildControl(el, controlTag, state.warnings);
    state.controls.push(control);
    state.named.push({ tag: controlTag, name: control.name, pos: el.pos, role: 'control' });
    if (takesLabels(controlTag)) {
      walkChildren(el, { kind: 'list', labels: control.labels }, state);
    } else {
      warnIgnoredItems(el, describeTag(controlTag, control.name), state);
      walkChildren(el, { kind: 'ignore' }, state);
    }
    return;
  }
  if (isLabelItem(el.name)) {
    visitLabelItem(el, sink, state);
    return;
  }
  if (isOtherControl(el.name) || isOtherObject(el.name)) {
    const name = el.attrs.name?.trim();
    if (name) {
      const role = isOtherObject(el.name) ? 'object' : 'control';
      state.named.push({ tag: el.name, name, pos: el.pos, role });
    }
    walkChildren(el, { kind: 'ignore' }, state);
    return;
  }
  if (!isLayoutTag(el.name) && objectTag !== 'Table') {
    const hint = suggestTag(el.name);
    state.warnings.push({
      message: `line ${el.pos.line}: unknown tag <${el.name}> is ignored${hint ? ` (did you mean <${hint}>?)` : ''}`,
      pos: el.pos,
    });
    if (sink.kind === 'none') sink = { kind: 'none', unknownParent: el };
  }
  walkChildren(el, sink, state);
}

function visitLabelItem(el: XmlElement, sink: LabelSink, state: State): void {
  if (sink.kind === 'none') {
    const inside = sink.unknownParent
      ? ` (the enclosing <${sink.unknownParent.name}> on line ${sink.unknownParent.pos.line} is not a Label Studio control)`
      : '';
    throw new ConfigError(
      el.pos,
      `<${el.name} value="${el.attrs.value ?? ''}"> is outside any control tag: put it inside e.g. <RectangleLabels> or <Choices>${inside}`,
    );
  }
  if (sink.kind === 'ignore') {
    walkChildren(el, sink, state);
    return;
  }
  const label = buildLabel(el, state.warnings);
  if (label) sink.labels.push(label);
  // Nested choices form a Taxonomy tree under their parent choice.
  walkChildren(el, label ? { kind: 'list', labels: label.children } : sink, state);
}

/** A <Label> inside e.g. <TextArea> has no effect there; say so instead of dropping it silently. */
function warnIgnoredItems(el: XmlElement, owner: string, state: State): void {
  const items = el.children.filter((c) => isLabelItem(c.name));
  const first = items[0];
  if (first) {
    state.warnings.push({
      message: `line ${first.pos.line}: ${owner} takes no <${first.name}> items; ${items.length} ignored`,
      pos: first.pos,
    });
  }
}
