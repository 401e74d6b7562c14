// Which controls of a labeling config receive a model's candidates, and the
// class → label mapping for each (auto-mapped; callers may override).
import { controlsFor } from '../config/queries';
import type { ControlTag, LabelingConfig, RegionKind } from '../config/types';
import type { LabelMapping } from './auto-map';
import { autoMapLabels } from './auto-map';
import type { VisionCandidateKind } from './vision-candidates';

export type TargetKind = 'rectangle' | 'polygon' | 'mask' | 'keypoint' | 'choices';

export interface VisionTarget {
  kind: TargetKind;
  fromName: string;
  toName: string;
  /** False for the label-less tools (`<Rectangle>`, `<Polygon>`, `<Brush>`, `<KeyPoint>`). */
  hasLabels: boolean;
  /** Class name → label; for keypoint targets, KEYPOINT name → label. */
  mapping: LabelMapping;
  /** Choices with `choice="multiple"`. */
  multiple?: boolean;
}

/** Control kinds that can show each candidate kind. */
export const TARGET_KINDS: Record<VisionCandidateKind, readonly TargetKind[]> = {
  box: ['rectangle', 'polygon'],
  mask: ['polygon', 'mask', 'rectangle'],
  keypoints: ['keypoint', 'rectangle'],
  class: ['choices'],
};

export class VisionTargetError extends Error {}

/** What a mask form needs in the config, for messages. */
const MASK_FORM_CONTROLS: Record<MaskForm, string> = {
  polygon: 'a polygon control (<PolygonLabels> or <Polygon>)',
  brush: 'a brush control (<BrushLabels> or <Brush>)',
  both: 'both a polygon and a brush control',
};

export interface PickTargetOptions {
  /** The `<Image>` to label; default: the first image with a suitable control. */
  toName?: string;
  /** Masks: fill both a polygon and a brush control when the config has both. */
  bothMaskForms?: boolean;
  /**
   * Masks: the form to fill (`both`: a polygon and a brush control). Default:
   * the form whose control comes first in the config (both with bothMaskForms).
   */
  maskForm?: MaskForm;
}

/** How mask candidates are written: outlines, brush RLE, or both. */
export type MaskForm = 'polygon' | 'brush' | 'both';

function target(
  control: ControlTag,
  kind: TargetKind,
  toName: string,
  names: readonly string[],
): VisionTarget {
  const t: VisionTarget = {
    kind,
    fromName: control.name,
    toName,
    hasLabels: control.labels.length > 0,
    mapping: autoMapLabels([...names], control).mapping,
  };
  if (kind === 'choices') t.multiple = control.multiple;
  return t;
}

function choose(
  config: LabelingConfig,
  image: string,
  kind: VisionCandidateKind,
  names: { classNames: readonly string[]; keypointNames?: readonly string[] },
  options: PickTargetOptions,
): VisionTarget[] {
  const first = (k: RegionKind): ControlTag | undefined =>
    controlsFor(config, image, k).find((c) => !c.perRegion);
  const of = (k: TargetKind): VisionTarget[] => {
    const control = first(k);
    const labelNames = k === 'keypoint' ? (names.keypointNames ?? []) : names.classNames;
    return control ? [target(control, k, image, labelNames)] : [];
  };
  switch (kind) {
    case 'box': {
      const rect = of('rectangle');
      return rect.length > 0 ? rect : of('polygon');
    }
    case 'mask': {
      if (options.maskForm === 'polygon') return of('polygon');
      if (options.maskForm === 'brush') return of('mask');
      const forms = [...of('polygon'), ...of('mask')];
      if (options.maskForm === 'both') return forms.length === 2 ? forms : [];
      if (forms.length === 0) return of('rectangle');
      if (options.bothMaskForms) return forms;
      // The form that comes first in the config.
      const order = config.controls.map((c) => c.name);
      return [
        forms.sort(
          (a, b) => order.indexOf(a.fromName) - order.indexOf(b.fromName),
        )[0] as VisionTarget,
      ];
    }
    case 'keypoints':
      return [...of('rectangle'), ...of('keypoint')];
    case 'class':
      return of('choices');
  }
}

/**
 * The targets for one kind of candidate on one image: boxes → a rectangle
 * (else a polygon) control; masks → the polygon or brush control that comes
 * first (both with `bothMaskForms`), else a rectangle; keypoint instances →
 * a rectangle for the instance and a keypoint control for its points;
 * classes → a Choices control. Throws VisionTargetError when the config has none.
 */
export function pickVisionTargets(
  config: LabelingConfig,
  kind: VisionCandidateKind,
  names: { classNames: readonly string[]; keypointNames?: readonly string[] },
  options: PickTargetOptions = {},
): VisionTarget[] {
  const images = config.objects.filter(
    (o) => o.tag === 'Image' && (options.toName === undefined || o.name === options.toName),
  );
  for (const image of images) {
    const targets = choose(config, image.name, kind, names, options);
    if (targets.length > 0) return targets;
  }
  const wanted =
    kind === 'mask' && options.maskForm
      ? MASK_FORM_CONTROLS[options.maskForm]
      : TARGET_KINDS[kind].join(', ');
  throw new VisionTargetError(
    `no control on ${options.toName ? `<Image name="${options.toName}">` : 'any <Image>'} can hold ${kind} predictions: add one of ${wanted}`,
  );
}
