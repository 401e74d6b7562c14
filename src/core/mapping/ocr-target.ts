// Where OCR lines go in a labeling config (Label Studio's OCR template): a
// Rectangle/Polygon (or *Labels) on an Image, an optional Labels on the same
// Image, and a per-region TextArea for the transcription.
import { controlsFor } from '../config/queries';
import type { ControlTag, LabelingConfig } from '../config/types';
import { autoMapLabels } from './auto-map';

export interface OcrTarget {
  toName: string;
  shape: { fromName: string; kind: 'rectangle' | 'polygon'; labels?: string[] };
  label?: { fromName: string; labels: string[] };
  textArea: { fromName: string };
}

export class OcrTargetError extends Error {}

/** The label a text line gets: one matching "text", else the control's first. */
function textLabel(control: ControlTag): string | undefined {
  const mapped = autoMapLabels(['text'], control).mapping.text;
  return mapped || control.labels[0]?.name;
}

export function pickOcrTarget(config: LabelingConfig, toName?: string): OcrTarget {
  const images = config.objects.filter((o) => o.tag === 'Image' && (!toName || o.name === toName));
  for (const image of images) {
    const textArea = controlsFor(config, image.name, 'text').find((c) => c.perRegion);
    const shape =
      controlsFor(config, image.name, 'rectangle')[0] ??
      controlsFor(config, image.name, 'polygon')[0];
    if (!textArea || !shape) continue;
    const shapeLabel = shape.labels.length > 0 ? textLabel(shape) : undefined;
    const labelControl = controlsFor(config, image.name, 'span').find((c) => c.tag === 'Labels');
    const label = labelControl && textLabel(labelControl);
    return {
      toName: image.name,
      shape: {
        fromName: shape.name,
        kind: shape.tag.startsWith('Polygon') ? 'polygon' : 'rectangle',
        ...(shapeLabel ? { labels: [shapeLabel] } : {}),
      },
      ...(labelControl && label ? { label: { fromName: labelControl.name, labels: [label] } } : {}),
      textArea: { fromName: textArea.name },
    };
  }
  throw new OcrTargetError(
    'OCR needs an <Image> with a <Rectangle> or <Polygon> and a <TextArea perRegion="true"> for the text (Label Studio\'s OCR template)',
  );
}
