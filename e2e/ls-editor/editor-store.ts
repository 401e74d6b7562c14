// The parts of Label Studio Frontend 1.4.0's mobx-state-tree store the probe
// reads (learned from the build's source map: src/stores/AppStore.js,
// AnnotationStore.js, regions/Result.js, regions/*Region.js). Types only: the
// store lives in the page as `window.Htx`.

export interface EditorTag {
  name: string;
  type: string;
}

export interface TaxonomyItem {
  label: string;
  children?: TaxonomyItem[];
}

/** Control tags: only what the probe uses to tell shown values from values merely stored. */
export interface EditorControlTag extends EditorTag {
  /** Labels/Choices: the <Label>/<Choice> named `value` by alias or value, if any. */
  findLabel?: (value: string) => unknown;
  /** Taxonomy: its choice tree (paths use each <Choice>'s value). */
  items?: TaxonomyItem[];
  /** Rating / Number attributes, as strings from the config. */
  maxrating?: string;
  min?: string | null;
  max?: string | null;
}

export interface EditorObjectTag extends EditorTag {
  /** Image: set once the <img> loaded and regions were sized to it. */
  sizeUpdated?: boolean;
  naturalWidth?: number;
  naturalHeight?: number;
  /** Text/HyperText: rendered for the selected annotation, highlights applied. */
  isLoaded?: boolean;
  isReady?: boolean;
}

export interface EditorResult {
  type: string;
  from_name: EditorControlTag;
  to_name: EditorTag;
  /** value[control.valueType]: the labels/choices/text/number the editor kept. */
  mainValue: unknown;
  /** What Label Studio would save; `fast` keeps a brush's RLE as loaded instead of re-encoding the canvas. */
  serialize(options?: { fast?: boolean }): Record<string, unknown> | null;
  toJSON(): { value: Record<string, unknown> };
}

export interface KonvaLayer {
  toCanvas(): HTMLCanvasElement;
}

export interface EditorArea {
  /** `<result id>#<annotation id>` */
  id: string;
  cleanId: string;
  /** rectangleregion, polygonregion, brushregion, richtextregion, audioregion…; undefined for classifications. */
  type?: string;
  object: EditorObjectTag;
  results: EditorResult[];
  /** Brush: the Konva layer the mask is painted on. */
  layerRef?: KonvaLayer | null;
  /** Audio: the wavesurfer region once drawn. */
  _ws_region?: unknown;
  /** Text: highlight <span>s. */
  _spans?: HTMLElement[] | null;
  rangeFromGlobalOffset?: () => Range | null | undefined;
}

export interface EditorAnnotation {
  id: string;
  regions: EditorArea[];
}

export interface EditorAnnotationStore {
  predictions: EditorAnnotation[];
  annotations: EditorAnnotation[];
  validation: { toJSON(): Record<string, unknown> }[] | null;
}

export interface EditorAppStore {
  initialized: boolean;
  annotationStore: EditorAnnotationStore;
}
