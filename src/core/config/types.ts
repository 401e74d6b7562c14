// The parsed labeling config: the single source of truth that the mapping UI,
// result builders and validator ask (never the raw XML).

export const OBJECT_TAGS = [
  'Image',
  'Text',
  'HyperText',
  'Audio',
  'AudioPlus',
  'Video',
  'TimeSeries',
  'Paragraphs',
  'Table',
] as const;
export type ObjectTagName = (typeof OBJECT_TAGS)[number];

export const CONTROL_TAGS = [
  'RectangleLabels',
  'Rectangle',
  'PolygonLabels',
  'Polygon',
  'KeyPointLabels',
  'KeyPoint',
  'BrushLabels',
  'Brush',
  'EllipseLabels',
  'Ellipse',
  'Labels',
  'HyperTextLabels',
  'ParagraphLabels',
  'TimeSeriesLabels',
  'Choices',
  'TextArea',
  'Taxonomy',
  'Rating',
  'Number',
  'DateTime',
  'VideoRectangle',
] as const;
export type ControlTagName = (typeof CONTROL_TAGS)[number];

/** What a control can hold, for queries like "which control takes rectangles for object X". */
export type RegionKind =
  | 'rectangle'
  | 'polygon'
  | 'keypoint'
  | 'mask'
  | 'ellipse'
  | 'span'
  | 'choices'
  | 'text'
  | 'taxonomy'
  | 'rating'
  | 'number'
  | 'datetime'
  | 'videorectangle';

/** Where a tag sits in the XML, for messages: both 1-based, column in UTF-16 units. */
export interface SourcePos {
  line: number;
  column: number;
}

export interface ObjectTag {
  tag: ObjectTagName;
  name: string;
  /** Task data path without the `$` (e.g. `image`, `a.b`, `arr[0]`); undefined for literal values. */
  dataKey?: string;
  /** True when the object reads a list of items (`valueList`). */
  valueList: boolean;
  /** All attributes, keys lower-cased as Label Studio reads them (`toname`, `perregion`). */
  attrs: Record<string, string>;
  pos: SourcePos;
}

export interface LabelDef {
  /** The name results must use: `alias` when present, else `value`. */
  name: string;
  value: string;
  alias?: string;
  /** From `predicted_values="car,truck"`: model class names mapped to this label. */
  predictedValues: string[];
  background?: string;
  /** Nested choices/taxonomy children (Taxonomy trees); empty for flat labels. */
  children: LabelDef[];
  pos: SourcePos;
}

export interface ControlTag {
  tag: ControlTagName;
  name: string;
  /** The `type` of its results: the tag name in lower case. */
  resultType: string;
  toName: string[];
  labels: LabelDef[];
  /** `choice="multiple"` (Choices) or Taxonomy allowing several. */
  multiple: boolean;
  perRegion: boolean;
  whenTagName?: string;
  whenLabelValue?: string;
  whenChoiceValue?: string;
  /** `visibleWhen` (e.g. `region-selected`, `choice-selected`). */
  visibleWhen?: string;
  /** Labels loaded from task data (`<Labels value="$labels">`): the data key, labels may be absent from `labels`. */
  dynamicLabelsKey?: string;
  /** Rating `maxRating` (default 5); Number `min`/`max` when given. */
  maxRating?: number;
  min?: number;
  max?: number;
  /** All attributes, keys lower-cased as Label Studio reads them (`toname`, `perregion`). */
  attrs: Record<string, string>;
  pos: SourcePos;
}

export interface ConfigWarning {
  message: string;
  pos?: SourcePos;
}

export interface LabelingConfig {
  objects: ObjectTag[];
  controls: ControlTag[];
  warnings: ConfigWarning[];
}
