// Which learner a config asks for: an image head when the `<Choices>` to
// learn labels an `<Image>`, else a text head. The worker decides with it,
// and the page shows the backbone picker with it.
import type { LabelingConfig } from '../config/types';

/** True when the `<Choices>` to learn (`control`, else the first) labels an `<Image>`. */
export function learnsImages(config: LabelingConfig, control?: string): boolean {
  const images = new Set(config.objects.filter((o) => o.tag === 'Image').map((o) => o.name));
  const first = config.controls.find(
    (c) => c.tag === 'Choices' && (control === undefined || c.name === control),
  );
  return first !== undefined && first.toName.some((n) => images.has(n));
}
