// Which learner a config asks for: an image head when the `<Choices>` to
// learn labels an `<Image>`, an audio head when it labels an `<Audio>` or
// `<AudioPlus>`, else a text head. The worker and `prelabel train` decide
// with it, and the page shows the backbone picker with it.
import type { LabelingConfig } from '../config/types';
import { AUDIO_OBJECTS } from '../mapping/audio-targets';

/** True when the `<Choices>` to learn (`control`, else the first) labels one of `tags`. */
function learnsOn(config: LabelingConfig, tags: readonly string[], control?: string): boolean {
  const objects = new Set(config.objects.filter((o) => tags.includes(o.tag)).map((o) => o.name));
  const first = config.controls.find(
    (c) => c.tag === 'Choices' && (control === undefined || c.name === control),
  );
  return first !== undefined && first.toName.some((n) => objects.has(n));
}

/** True when the `<Choices>` to learn (`control`, else the first) labels an `<Image>`. */
export function learnsImages(config: LabelingConfig, control?: string): boolean {
  return learnsOn(config, ['Image'], control);
}

/** True when the `<Choices>` to learn (`control`, else the first) labels an `<Audio>`/`<AudioPlus>`. */
export function learnsAudio(config: LabelingConfig, control?: string): boolean {
  return learnsOn(config, AUDIO_OBJECTS, control);
}
