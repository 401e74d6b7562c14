// Where the predictions go: the control sets of the config that fit the loaded
// model, the chosen one with its class → label mappings (auto-matched, edited,
// or restored from localStorage for the same model + config), per-class
// thresholds, and the OCR target. Spread into the one store (store.ts).

import type { LabelingConfig } from '../core/config/types';
import { isAudioModelKind, isTextModelKind, textKindOf, type ModelInfo } from '../engine/api';
import type { DecodeOptions } from '../models/types';
import {
  applySavedMapping,
  mappingKey,
  readSavedMapping,
  writeSavedMapping,
  type ShownReason,
} from './saved-mapping';
import {
  ocrTargetChoices,
  textTargetChoices,
  audioTargetChoices,
  visionTargetChoices,
  type AppTarget,
  type OcrChoice,
  type TargetChoice,
} from './targets';

export interface MappingState {
  /** The control sets that fit (text models: one control each), the chosen one and its (edited) targets. */
  targetChoices: TargetChoice[];
  targetKey: string | null;
  targets: AppTarget[];
  mappingReasons: Record<string, Record<string, ShownReason>>;
  /** The saved mapping of this (model, config) pair was applied. */
  mappingRestored: boolean;
  /** OCR: the images an OCR target fits, and the chosen one. */
  ocrChoices: OcrChoice[];
  ocrImage: string | null;
  /** Why the predictions have nowhere to go in the config. */
  targetError: string | null;
}

export interface MappingActions {
  /** Recomputes targets after the config or the model changed; `useSaved` restores a saved mapping. */
  refreshTargets(useSaved: boolean): void;
  chooseTarget(key: string): void;
  chooseOcrImage(key: string): void;
  setMapping(fromName: string, className: string, label: string | null): void;
  /** Per-class minimum confidence; null = use the global one. */
  setClassConfidence(classIndex: number, value: number | null): void;
  resetMapping(): void;
}

/** What the slice reads from the rest of the store. */
export interface MappingHostState extends MappingState {
  config: LabelingConfig | null;
  configXml: string;
  model: ModelInfo | null;
  options: DecodeOptions;
}

type Set = (
  partial: Partial<MappingHostState> | ((s: MappingHostState) => Partial<MappingHostState>),
) => void;

export const EMPTY_MAPPING: MappingState = {
  targetChoices: [],
  targetKey: null,
  targets: [],
  mappingReasons: {},
  mappingRestored: false,
  ocrChoices: [],
  ocrImage: null,
  targetError: null,
};

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function noTargetMessage(kind: ModelInfo['kind']): string {
  const wanted = {
    box: 'a RectangleLabels/Rectangle or PolygonLabels/Polygon',
    mask: 'a PolygonLabels, BrushLabels or RectangleLabels',
    keypoints: 'a KeyPointLabels (and a RectangleLabels for the instances)',
    class: 'a Choices',
    text: 'an OCR',
    'text-span': 'a Labels',
    'text-choices': 'a Choices',
    'text-textarea': 'a TextArea',
    'audio-regions': 'a Labels',
    'audio-choices': 'a Choices',
    'audio-textarea': 'a TextArea',
  }[kind];
  if (isAudioModelKind(kind)) {
    return `The config has no ${wanted} control on an Audio or AudioPlus: the predictions have nowhere to go.`;
  }
  if (textKindOf(kind) === 'span') {
    return `The config has no ${wanted} control on a Text: the spans have nowhere to go.`;
  }
  if (textKindOf(kind)) {
    return `The config has no ${wanted} control on a Text, HyperText or Paragraphs: the predictions have nowhere to go.`;
  }
  return `The config has no ${wanted} control on an Image: the predictions have nowhere to go.`;
}

function withoutClassConfidence(options: DecodeOptions): DecodeOptions {
  const { classConfidence: _dropped, ...rest } = options;
  return rest;
}

export function createMappingSlice(set: Set, get: () => MappingHostState): MappingActions {
  /** The saved-mapping slot of the current (model, config) pair. */
  const savedKey = (): string | null => {
    const { model, configXml, config } = get();
    return model && config ? mappingKey(model.bytesHash, configXml) : null;
  };

  const persist = () => {
    const key = savedKey();
    const { targetKey, targets, options } = get();
    if (!key || !targetKey) return;
    writeSavedMapping(storage(), key, {
      targetKey,
      mappings: Object.fromEntries(targets.map((t) => [t.fromName, t.mapping])),
      ...(options.classConfidence ? { classConfidence: options.classConfidence } : {}),
    });
  };

  const refreshTargets = (useSaved: boolean) => {
    const { config, model, targetKey, ocrImage } = get();
    const cleared = { ...EMPTY_MAPPING, ocrImage };
    if (!config || !model) {
      set(cleared);
      return;
    }
    if (model.kind === 'text') {
      const { choices, error } = ocrTargetChoices(config);
      const chosen = choices.find((c) => c.key === ocrImage) ?? choices[0];
      set({ ...cleared, ocrChoices: choices, ocrImage: chosen?.key ?? null, targetError: error });
      return;
    }
    const { kind } = model;
    const choices = isTextModelKind(kind)
      ? textTargetChoices(config, textKindOf(kind)!, model.classNames)
      : isAudioModelKind(kind)
        ? audioTargetChoices(config, kind, model.classNames)
        : visionTargetChoices(config, kind, {
            classNames: model.classNames,
            ...(model.keypointNames ? { keypointNames: model.keypointNames } : {}),
          });
    const key = savedKey();
    const saved = useSaved && key ? readSavedMapping(storage(), key) : null;
    const wanted = saved?.targetKey ?? targetKey;
    const choice = choices.find((c) => c.key === wanted) ?? choices[0];
    if (!choice) {
      set({ ...cleared, targetError: noTargetMessage(model.kind) });
      return;
    }
    const applied = saved
      ? applySavedMapping(choice, saved)
      : { targets: choice.targets, reasons: choice.reasons };
    set({
      ...cleared,
      targetChoices: choices,
      targetKey: choice.key,
      targets: applied.targets,
      mappingReasons: applied.reasons,
      mappingRestored: saved !== null,
    });
    if (saved) {
      const rest = withoutClassConfidence(get().options);
      set({
        options: saved.classConfidence ? { ...rest, classConfidence: saved.classConfidence } : rest,
      });
    }
  };

  return {
    refreshTargets,

    chooseTarget(key) {
      set({ targetKey: key });
      refreshTargets(false);
      persist();
    },

    chooseOcrImage(key) {
      set({ ocrImage: key });
    },

    setMapping(fromName, className, label) {
      set((s) => ({
        targets: s.targets.map((t) =>
          t.fromName === fromName ? { ...t, mapping: { ...t.mapping, [className]: label } } : t,
        ),
        mappingReasons: {
          ...s.mappingReasons,
          [fromName]: { ...s.mappingReasons[fromName], [className]: 'manual' },
        },
      }));
      persist();
    },

    setClassConfidence(classIndex, value) {
      set((s) => {
        const next = { ...s.options.classConfidence };
        if (value === null) delete next[classIndex];
        else next[classIndex] = value;
        const rest = withoutClassConfidence(s.options);
        return {
          options: Object.keys(next).length > 0 ? { ...rest, classConfidence: next } : rest,
        };
      });
      persist();
    },

    resetMapping() {
      set({ options: withoutClassConfidence(get().options) });
      refreshTargets(false);
      persist();
    },
  };
}
