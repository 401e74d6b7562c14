import { CONTROL_TAGS, OBJECT_TAGS } from './types';
import type { ControlTagName, ObjectTagName, RegionKind } from './types';

// Label Studio lower-cases tag names before looking them up, so `<image>` is `<Image>`.
const byLower = <T extends string>(names: readonly T[]): Map<string, T> =>
  new Map(names.map((n) => [n.toLowerCase(), n]));

const OBJECTS = byLower(OBJECT_TAGS);
const CONTROLS = byLower(CONTROL_TAGS);

export const objectTagOf = (tag: string): ObjectTagName | undefined =>
  OBJECTS.get(tag.toLowerCase());
export const controlTagOf = (tag: string): ControlTagName | undefined =>
  CONTROLS.get(tag.toLowerCase());

/** `<Label>` and `<Choice>`: the items a control offers. */
export const isLabelItem = (tag: string): boolean => /^(label|choice)$/i.test(tag);

/** Controls whose `<Label>`/`<Choice>` children are their label set. */
const LABEL_BEARING = new Set<ControlTagName>([
  'RectangleLabels',
  'PolygonLabels',
  'KeyPointLabels',
  'BrushLabels',
  'EllipseLabels',
  'Labels',
  'HyperTextLabels',
  'ParagraphLabels',
  'TimeSeriesLabels',
  'Choices',
  'Taxonomy',
]);
export const takesLabels = (tag: ControlTagName): boolean => LABEL_BEARING.has(tag);

// Label Studio tags Prelabel does not fill but must not call unknown. Named
// controls/objects among them still take part in name and toName checks.
const OTHER_CONTROLS = new Set([
  'pairwise',
  'ranker',
  'magicwand',
  'timelinelabels',
  'vector',
  'vectorlabels',
  'bitmask',
  'bitmasklabels',
  'cube',
  'cubelabels',
  'videovector',
  'videovectorlabels',
  'relations',
]);
const OTHER_OBJECTS = new Set(['chat', 'markdown', 'pdf', 'object3d', 'list', 'reactcode']);
const LAYOUT = new Set([
  'view',
  'header',
  'style',
  'filter',
  'collapse',
  'panel',
  'dialog',
  'layout',
  'repeater',
  'pagedview',
  'shortcut',
  'relation',
  'channel',
  'multichannel',
  'bucket',
  'item',
]);

export const isOtherControl = (tag: string): boolean => OTHER_CONTROLS.has(tag.toLowerCase());
export const isOtherObject = (tag: string): boolean => OTHER_OBJECTS.has(tag.toLowerCase());
export const isLayoutTag = (tag: string): boolean => LAYOUT.has(tag.toLowerCase());

/** Every tag name Label Studio knows, for "did you mean" hints. */
export const KNOWN_TAG_NAMES: readonly string[] = [
  ...OBJECT_TAGS,
  ...CONTROL_TAGS,
  'Label',
  'Choice',
  'View',
  'Header',
  'Style',
  'Filter',
  'Collapse',
  'Relations',
  'Relation',
  'Shortcut',
  'Pairwise',
  'Ranker',
  'List',
  'Channel',
  'MagicWand',
  'TimelineLabels',
  'VectorLabels',
  'BitmaskLabels',
  'Markdown',
  'Chat',
  'Pdf',
];

export const REGION_KIND: Record<ControlTagName, RegionKind> = {
  RectangleLabels: 'rectangle',
  Rectangle: 'rectangle',
  PolygonLabels: 'polygon',
  Polygon: 'polygon',
  KeyPointLabels: 'keypoint',
  KeyPoint: 'keypoint',
  BrushLabels: 'mask',
  Brush: 'mask',
  EllipseLabels: 'ellipse',
  Ellipse: 'ellipse',
  Labels: 'span',
  HyperTextLabels: 'span',
  ParagraphLabels: 'span',
  TimeSeriesLabels: 'span',
  Choices: 'choices',
  TextArea: 'text',
  Taxonomy: 'taxonomy',
  Rating: 'rating',
  Number: 'number',
  DateTime: 'datetime',
  VideoRectangle: 'videorectangle',
};
