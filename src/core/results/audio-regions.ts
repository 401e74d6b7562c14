// Audio families' results (fact sheet §5): speech segments as `<Labels>`
// regions on `<Audio>`/`<AudioPlus>` (seconds, channel 0), their transcripts
// as a per-region `<TextArea>` (same id, the region's start/end/channel
// repeated, as Label Studio's own exports write them), a whole-file
// transcript, and sound classes as `<Choices>`.

import { audioSegmentResult } from './audio';
import { choicesResult, textAreaResult } from './classification';
import type { ControlIdentity } from './geometry';
import { linkToRegion } from './region-link';
import type { LsResult } from './types';

export interface AudioRegion {
  start: number;
  end: number;
  /** The config label (already mapped from the model's class). */
  label: string;
  /** Mean speech probability of the region. */
  score?: number;
  /** Its transcript, when a speech recogniser ran on it. */
  text?: string;
  textScore?: number;
}

export interface AudioRegionTargets {
  labels: ControlIdentity;
  /** A `perRegion="true"` TextArea on the same `<Audio>`. */
  regionText?: ControlIdentity;
  channel?: number;
}

/** One Labels result per region, plus its linked TextArea when it has a text. */
export function audioRegionResults(
  regions: readonly AudioRegion[],
  targets: AudioRegionTargets,
  nextId: () => string,
): LsResult[] {
  const out: LsResult[] = [];
  for (const region of regions) {
    const segment = audioSegmentResult({
      ...targets.labels,
      id: nextId(),
      start: region.start,
      end: region.end,
      channel: targets.channel ?? 0,
      labels: [region.label],
      score: region.score,
    });
    if (!segment) continue;
    out.push(segment);
    if (targets.regionText && region.text !== undefined && region.text !== '') {
      const text = textAreaResult({
        ...targets.regionText,
        id: segment.id,
        text: region.text,
        score: region.textScore,
      });
      out.push(linkToRegion(segment, text));
    }
  }
  return out;
}

/** A transcript of the whole file (a TextArea that is not perRegion). */
export function audioTranscriptResult(
  target: ControlIdentity,
  id: string,
  text: string,
  score?: number,
): LsResult {
  return textAreaResult({ ...target, id, text, score });
}

/** Sound classes of the whole clip as a Choices answer. */
export function audioChoicesResult(
  target: ControlIdentity,
  id: string,
  choices: string[],
  score?: number,
): LsResult {
  return choicesResult({ ...target, id, choices, score });
}
