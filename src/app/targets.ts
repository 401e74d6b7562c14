// Where a model's predictions can go in a labeling config: every set of
// controls on one Image that fits the model's kind (the one the CLI would
// pick comes first), each with its auto-matched class → label mapping.

import { controlsFor } from '../core/config/queries';
import { audioControlsOf, AudioTargetError } from '../core/mapping/audio-targets';
import type { AudioModelKind } from '../engine/api';
import type { ControlTag, LabelingConfig, RegionKind } from '../core/config/types';
import { autoMapLabels, type MatchReason } from '../core/mapping/auto-map';
import { OcrTargetError, pickOcrTarget, type OcrTarget } from '../core/mapping/ocr-target';
import { pickTextTarget, TextTargetError, type TextTargetKind } from '../core/mapping/text-targets';
import type { VisionCandidateKind } from '../core/mapping/vision-candidates';
import {
  pickVisionTargets,
  type TargetKind,
  type VisionTarget,
} from '../core/mapping/vision-targets';

export interface ModelNames {
  classNames: readonly string[];
  keypointNames?: readonly string[];
}

/** A text model's control (spans, choices or a reply on a Text/HyperText/Paragraphs). */
export interface TextAppTarget {
  kind: `text-${TextTargetKind}`;
  fromName: string;
  toName: string;
  hasLabels: boolean;
  mapping: VisionTarget['mapping'];
  multiple?: boolean;
}

/**
 * An audio model's control on an Audio/AudioPlus: the <Labels> its regions
 * fill (a recogniser's per-region <TextArea> follows them), a <Choices>, or a
 * whole-file <TextArea>.
 */
export interface AudioAppTarget {
  kind: AudioModelKind;
  fromName: string;
  toName: string;
  hasLabels: boolean;
  mapping: VisionTarget['mapping'];
  multiple?: boolean;
  /** A recogniser: text per VAD region (the <Labels> target) or for the whole file. */
  mode: 'regions' | 'whole' | 'choices';
}

/** Where a model's predictions go: image controls, or a text or audio model's one control. */
export type AppTarget = VisionTarget | TextAppTarget | AudioAppTarget;

export function isTextTarget(target: AppTarget): target is TextAppTarget {
  return target.kind.startsWith('text-');
}

export function isAudioTarget(target: AppTarget): target is AudioAppTarget {
  return target.kind.startsWith('audio-');
}

/** One way to place the predictions: one or two controls on one image, or one text control. */
export interface TargetChoice {
  /** `fromName[+fromName]→toName`, stable across re-parses of the same config. */
  key: string;
  /** For the chooser: `RectangleLabels "label" on Image "image"`. */
  title: string;
  targets: AppTarget[];
  /** The control of each target (same order), for its label list. */
  controls: ControlTag[];
  /** Why each class got its label, per target (by fromName). */
  reasons: Record<string, Record<string, MatchReason>>;
}

const REGION_OF: Record<TargetKind, RegionKind> = {
  rectangle: 'rectangle',
  polygon: 'polygon',
  mask: 'mask',
  keypoint: 'keypoint',
  choices: 'choices',
};

interface Slot {
  kind: TargetKind;
  control: ControlTag;
}

/** The control sets that can show each candidate kind (cf. TARGET_KINDS). */
function slotSets(of: (k: TargetKind) => Slot[], kind: VisionCandidateKind): Slot[][] {
  const singles = (k: TargetKind) => of(k).map((s) => [s]);
  const pairs = (a: TargetKind, b: TargetKind) => of(a).flatMap((x) => of(b).map((y) => [x, y]));
  switch (kind) {
    case 'box':
      return [...singles('rectangle'), ...singles('polygon')];
    case 'mask':
      return [
        ...singles('polygon'),
        ...singles('mask'),
        ...pairs('polygon', 'mask'),
        ...singles('rectangle'),
      ];
    case 'keypoints':
      return [...pairs('rectangle', 'keypoint'), ...singles('keypoint'), ...singles('rectangle')];
    case 'class':
      return singles('choices');
  }
}

function choiceOf(slots: Slot[], image: string, names: ModelNames): TargetChoice {
  const targets: VisionTarget[] = [];
  const reasons: TargetChoice['reasons'] = {};
  for (const { kind, control } of slots) {
    const labelNames = kind === 'keypoint' ? (names.keypointNames ?? []) : names.classNames;
    const auto = autoMapLabels([...labelNames], control);
    const target: VisionTarget = {
      kind,
      fromName: control.name,
      toName: image,
      hasLabels: control.labels.length > 0,
      mapping: auto.mapping,
    };
    if (kind === 'choices') target.multiple = control.multiple;
    targets.push(target);
    reasons[control.name] = auto.reasons;
  }
  return {
    key: `${targets.map((t) => t.fromName).join('+')}→${image}`,
    title: `${slots.map((s) => `${s.control.tag} "${s.control.name}"`).join(' + ')} on Image "${image}"`,
    targets,
    controls: slots.map((s) => s.control),
    reasons,
  };
}

export function visionTargetChoices(
  config: LabelingConfig,
  kind: VisionCandidateKind,
  names: ModelNames,
): TargetChoice[] {
  const choices: TargetChoice[] = [];
  for (const image of config.objects.filter((o) => o.tag === 'Image')) {
    const of = (k: TargetKind): Slot[] =>
      controlsFor(config, image.name, REGION_OF[k])
        .filter((c) => !c.perRegion)
        .map((control) => ({ kind: k, control }));
    for (const slots of slotSets(of, kind)) choices.push(choiceOf(slots, image.name, names));
  }
  let preferred: string | undefined;
  try {
    const picked = pickVisionTargets(config, kind, names);
    preferred = `${picked.map((t) => t.fromName).join('+')}→${picked[0]?.toName}`;
  } catch {
    return choices; // nothing fits: an empty list
  }
  const first = choices.findIndex((c) => c.key === preferred);
  if (first > 0) choices.unshift(...choices.splice(first, 1));
  return choices;
}

export interface OcrChoice {
  /** The Image object read. */
  key: string;
  title: string;
  target: OcrTarget;
}

/** OCR targets per image; `error` says what the config lacks when none fits. */
export function ocrTargetChoices(config: LabelingConfig): {
  choices: OcrChoice[];
  error: string | null;
} {
  const choices: OcrChoice[] = [];
  let error: string | null = null;
  for (const image of config.objects.filter((o) => o.tag === 'Image')) {
    try {
      const target = pickOcrTarget(config, image.name);
      const label = target.label ? ` + Labels "${target.label.fromName}"` : '';
      choices.push({
        key: image.name,
        title: `${target.shape.kind} "${target.shape.fromName}"${label} + TextArea "${target.textArea.fromName}" on Image "${image.name}"`,
        target,
      });
    } catch (e) {
      if (!(e instanceof OcrTargetError)) throw e;
      error = e.message;
    }
  }
  if (choices.length > 0) return { choices, error: null };
  return {
    choices,
    error:
      error ??
      'OCR needs an <Image> with a <Rectangle> or <Polygon> and a <TextArea perRegion="true"> for the text (Label Studio\'s OCR template)',
  };
}

/**
 * The controls a text model can fill (config order: the one the CLI picks
 * first), each with its auto-matched class → label mapping.
 */
export function textTargetChoices(
  config: LabelingConfig,
  kind: TextTargetKind,
  classNames: readonly string[],
): TargetChoice[] {
  const choices: TargetChoice[] = [];
  for (const control of config.controls) {
    for (const toName of control.toName) {
      let picked;
      try {
        picked = pickTextTarget(config, kind, classNames, { fromName: control.name, toName });
      } catch (e) {
        if (e instanceof TextTargetError) continue;
        throw e;
      }
      const target: TextAppTarget = {
        kind: `text-${kind}`,
        fromName: picked.fromName,
        toName,
        hasLabels: control.labels.length > 0,
        mapping: picked.mapping,
      };
      if (kind === 'choices') target.multiple = picked.multiple;
      choices.push({
        key: `${control.name}→${toName}`,
        title: `${control.tag} "${control.name}" on ${picked.object.tag} "${toName}"`,
        targets: [target],
        controls: [control],
        reasons: {
          [control.name]:
            kind === 'textarea' ? {} : autoMapLabels([...classNames], control).reasons,
        },
      });
    }
  }
  return choices;
}

/**
 * The controls an audio model can fill, one per audio object (the first of
 * each kind on it, as `prelabel predict` picks), with the auto-matched mapping.
 * A recogniser fills a per-region <TextArea> on the VAD's regions when the
 * object has one beside a <Labels>, else a whole-file <TextArea>.
 */
export function audioTargetChoices(
  config: LabelingConfig,
  kind: AudioModelKind,
  classNames: readonly string[],
): TargetChoice[] {
  const choices: TargetChoice[] = [];
  for (const object of config.objects) {
    let controls;
    try {
      controls = audioControlsOf(config, classNames, { toName: object.name });
    } catch (e) {
      if (e instanceof AudioTargetError) continue;
      throw e;
    }
    const perRegion = controls.labels && controls.regionText;
    const slot =
      kind === 'audio-choices'
        ? controls.choices
        : kind === 'audio-regions'
          ? controls.labels
          : perRegion
            ? controls.labels
            : controls.fileText && { ...controls.fileText, mapping: {} };
    if (!slot) continue;
    const control = config.controls.find((c) => c.name === slot.fromName);
    if (!control) continue;
    const target: AudioAppTarget = {
      kind,
      fromName: slot.fromName,
      toName: object.name,
      hasLabels: control.labels.length > 0,
      mapping: slot.mapping,
      mode:
        kind === 'audio-choices'
          ? 'choices'
          : kind === 'audio-textarea' && !perRegion
            ? 'whole'
            : 'regions',
    };
    if (controls.choices && kind === 'audio-choices') target.multiple = controls.choices.multiple;
    const text =
      kind === 'audio-textarea' && perRegion ? ` + TextArea "${perRegion.fromName}"` : '';
    choices.push({
      key: `${control.name}→${object.name}`,
      title: `${control.tag} "${control.name}"${text} on ${object.tag} "${object.name}"`,
      targets: [target],
      controls: [control],
      reasons: {
        [control.name]: control.labels.length
          ? autoMapLabels([...classNames], control).reasons
          : {},
      },
    });
  }
  return choices;
}
