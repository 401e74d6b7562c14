// The voice-activity family, contract-neutral until the modality-neutral
// family contract (issue 13) lands: what it reads (16 kHz mono chunks), how it
// recognises its model (input names), what it predicts (speech segments) and
// the results it fills (`<Labels>` regions on `<Audio>`/`<AudioPlus>`).
// Integration: an adapter to the new contract + one registry line.

import type { PcmChunk } from '../../core/audio/pcm';
import { audioRegionResults, type AudioRegionTargets } from '../../core/results/audio-regions';
import type { LsResult } from '../../core/results/types';
import { detectSpeech } from './detect-speech';
import { createSileroStepper, sileroKindOf, type VadRunner } from './silero-model';
import { DEFAULT_SEGMENT_RULES, type SegmentRules, type SpeechSegment } from './speech-segments';

export interface SegmentCandidate extends SpeechSegment {
  kind: 'segment';
  classIndex: 0;
}

export const audioVadFamily = {
  id: 'audio-vad',
  displayName: 'Voice activity (Silero VAD v4/v5/v6)',
  input: 'audio' as const,
  sampleRate: 16000,
  classNames: ['speech'],
  /** `<Labels>` on `<Audio>`/`<AudioPlus>`. */
  resultKinds: ['labels'] as const,
  defaults: DEFAULT_SEGMENT_RULES,

  /** Why this model is a Silero VAD, or null. */
  recognise(io: { inputNames: readonly string[]; outputNames: readonly string[] }): string | null {
    try {
      const kind = sileroKindOf(io);
      return kind === 'legacy'
        ? 'Silero VAD v4 inputs (input, sr, h, c)'
        : 'Silero VAD v5/v6 inputs (input, state, sr)';
    } catch {
      return null;
    }
  },

  async predict(
    chunks: AsyncIterable<PcmChunk>,
    run: VadRunner,
    io: { inputNames: readonly string[]; outputNames: readonly string[] },
    rules: Partial<SegmentRules> = {},
  ): Promise<{ candidates: SegmentCandidate[]; durationSeconds: number }> {
    const stepper = createSileroStepper(run, sileroKindOf(io));
    const { segments, durationSeconds } = await detectSpeech(chunks, stepper, rules);
    return {
      candidates: segments.map((s) => ({ ...s, kind: 'segment' as const, classIndex: 0 as const })),
      durationSeconds,
    };
  },

  /** Segments → Labels results with the config label mapped from "speech". */
  toResults(
    candidates: readonly SegmentCandidate[],
    label: string,
    targets: AudioRegionTargets,
    nextId: () => string,
  ): LsResult[] {
    return audioRegionResults(
      candidates.map((c) => ({ start: c.start, end: c.end, score: c.score, label })),
      targets,
      nextId,
    );
  },
};
