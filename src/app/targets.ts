// Which config controls can receive detection boxes: every rectangle control
// (RectangleLabels / Rectangle) on every Image object.

import { controlsFor } from '../core/config/queries';
import type { ControlTag, LabelingConfig } from '../core/config/types';

export interface BoxTargetChoice {
  /** `fromName→toName`, stable across re-parses of the same config. */
  key: string;
  fromName: string;
  toName: string;
  control: ControlTag;
  /** Data key of the image object (what task data the images come from). */
  dataKey?: string;
}

export function boxTargets(config: LabelingConfig): BoxTargetChoice[] {
  const choices: BoxTargetChoice[] = [];
  for (const object of config.objects) {
    if (object.tag !== 'Image') continue;
    for (const control of controlsFor(config, object.name, 'rectangle')) {
      const choice: BoxTargetChoice = {
        key: `${control.name}→${object.name}`,
        fromName: control.name,
        toName: object.name,
        control,
      };
      if (object.dataKey) choice.dataKey = object.dataKey;
      choices.push(choice);
    }
  }
  return choices;
}
