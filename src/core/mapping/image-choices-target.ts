// Where an image head's classes go: a <Choices> on an <Image> (the first in
// config order, or the one named), with the head's labels mapped onto the
// control's choices.
import type { LabelingConfig } from '../config/types';
import { autoMapLabels, type LabelMapping } from './auto-map';
import type { ChoicesTarget } from './classes-to-results';

export interface ImageChoicesTarget extends ChoicesTarget {
  mapping: LabelMapping;
}

export class ImageChoicesTargetError extends Error {}

/** `name`: a control's name or an object's (the first Choices on it). */
export function pickImageChoicesTarget(
  config: LabelingConfig,
  classNames: readonly string[],
  name?: string,
): ImageChoicesTarget {
  for (const control of config.controls) {
    if (control.tag !== 'Choices' || control.perRegion) continue;
    for (const toName of control.toName) {
      if (name !== undefined && control.name !== name && toName !== name) continue;
      const object = config.objects.find((o) => o.name === toName);
      if (object?.tag !== 'Image') continue;
      return {
        fromName: control.name,
        toName,
        multiple: control.multiple,
        mapping: autoMapLabels([...classNames], control).mapping,
      };
    }
  }
  const where = name !== undefined ? ` named "${name}"` : '';
  throw new ImageChoicesTargetError(`the labeling config has no <Choices> on an <Image>${where}`);
}
