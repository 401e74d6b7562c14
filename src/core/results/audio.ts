// Audio segment results (fact sheet §5): `<Labels>` on `<Audio>`/`<AudioPlus>`, seconds.
// Note the 1.x npm editor draws segments only on `<AudioPlus>`.

import type { LsResult } from './types';
import type { ControlIdentity } from './geometry';
import { withScore } from './geometry';

export interface AudioSegmentInput extends ControlIdentity {
  id: string;
  /** Seconds from the start of the file. */
  start: number;
  end: number;
  channel?: number;
  labels: string[];
  score?: number;
}

/** Audio segment result; null for empty, negative or non-finite segments. */
export function audioSegmentResult(input: AudioSegmentInput): LsResult | null {
  const { start, end, channel } = input;
  if (!(Number.isFinite(start) && Number.isFinite(end) && start >= 0 && end > start)) return null;
  const value: Record<string, unknown> = { start, end };
  if (channel !== undefined) value.channel = channel;
  value.labels = [...input.labels];
  return withScore(
    { id: input.id, from_name: input.fromName, to_name: input.toName, type: 'labels', value },
    input.score,
  );
}
