// Which controls of a labeling config receive an audio model's output: on
// the first <Audio>/<AudioPlus> (or the one named), its <Labels> (regions),
// a perRegion <TextArea> (a text per region), a <TextArea> for the whole
// file and a <Choices> (classes of the clip).
import type { ControlTag, LabelingConfig, ObjectTag } from '../config/types';
import type { LabelMapping } from './auto-map';
import { autoMapLabels } from './auto-map';

export const AUDIO_OBJECTS: readonly string[] = ['Audio', 'AudioPlus'];

export interface AudioControl {
  fromName: string;
  toName: string;
}

export interface AudioControls {
  object: ObjectTag;
  labels?: AudioControl & { mapping: LabelMapping };
  regionText?: AudioControl;
  fileText?: AudioControl;
  choices?: AudioControl & { mapping: LabelMapping; multiple: boolean };
}

export class AudioTargetError extends Error {}

function on(config: LabelingConfig, object: ObjectTag, test: (c: ControlTag) => boolean) {
  return config.controls.find((c) => test(c) && c.toName.includes(object.name));
}

/** The controls on the first audio object that has any (or on `toName`). */
export function audioControlsOf(
  config: LabelingConfig,
  classNames: readonly string[],
  options: { toName?: string } = {},
): AudioControls {
  const objects = config.objects.filter(
    (o) =>
      AUDIO_OBJECTS.includes(o.tag) && (options.toName === undefined || o.name === options.toName),
  );
  for (const object of objects) {
    const identity = (c: ControlTag) => ({ fromName: c.name, toName: object.name });
    const labels = on(config, object, (c) => c.tag === 'Labels');
    const regionText = on(config, object, (c) => c.tag === 'TextArea' && c.perRegion);
    const fileText = on(config, object, (c) => c.tag === 'TextArea' && !c.perRegion);
    const choices = on(config, object, (c) => c.tag === 'Choices' && !c.perRegion);
    if (!labels && !regionText && !fileText && !choices) continue;
    return {
      object,
      ...(labels
        ? {
            labels: {
              ...identity(labels),
              mapping: autoMapLabels([...classNames], labels).mapping,
            },
          }
        : {}),
      ...(regionText ? { regionText: identity(regionText) } : {}),
      ...(fileText ? { fileText: identity(fileText) } : {}),
      ...(choices
        ? {
            choices: {
              ...identity(choices),
              mapping: autoMapLabels([...classNames], choices).mapping,
              multiple: choices.multiple,
            },
          }
        : {}),
    };
  }
  const where = options.toName ? ` named "${options.toName}"` : '';
  throw new AudioTargetError(
    `the labeling config has no <Audio> or <AudioPlus>${where} with a <Labels>, <TextArea> or <Choices> on it`,
  );
}
