// Frame probabilities → speech segments, the rules of Silero's own
// `get_speech_timestamps` (utils_vad.py): enter speech at `threshold`, leave it
// only below `threshold - 0.15` (hysteresis) and only after `minSilence` of
// quiet; drop segments shorter than `minSpeech`; pad each side, splitting the
// gap between two segments closer than twice the padding. Fed frame by frame,
// so an hour of audio needs memory only for the segments found.

export interface SegmentRules {
  /** Speech probability that starts a segment (0..1). */
  threshold: number;
  /** Probability under which speech may end; default threshold − 0.15. */
  negThreshold?: number;
  /** Shorter segments are dropped (seconds). */
  minSpeechSeconds: number;
  /** Quiet shorter than this does not end a segment (seconds). */
  minSilenceSeconds: number;
  /** Added before and after each segment (seconds). */
  padSeconds: number;
  /**
   * Longer segments are cut into equal parts no longer than this (seconds):
   * one 30 s Whisper window each, and a bounded buffer when a recogniser
   * reads them. Default 30; Infinity keeps them whole.
   */
  maxSpeechSeconds?: number;
}

/** A speech segment in seconds, with the mean speech probability of its frames. */
export interface SpeechSegment {
  start: number;
  end: number;
  score: number;
}

/**
 * Silero's defaults except the silence and padding: annotators want phrases,
 * not words (Silero's 0.1 s splits a phrase at every short pause).
 */
export const DEFAULT_SEGMENT_RULES: SegmentRules = {
  threshold: 0.5,
  minSpeechSeconds: 0.25,
  minSilenceSeconds: 0.3,
  padSeconds: 0.1,
};

/** Rules checked for sense; a clear message names the bad one. */
export function checkSegmentRules(rules: SegmentRules): void {
  const { threshold, minSpeechSeconds, minSilenceSeconds, padSeconds } = rules;
  const neg = rules.negThreshold ?? threshold - 0.15;
  if (!(threshold > 0 && threshold < 1))
    throw new Error(`VAD threshold ${threshold} is not in (0, 1)`);
  if (!(neg >= 0 && neg <= threshold)) {
    throw new Error(`VAD end threshold ${neg} must lie between 0 and the threshold ${threshold}`);
  }
  for (const [name, v] of [
    ['minimum speech', minSpeechSeconds],
    ['minimum silence', minSilenceSeconds],
    ['padding', padSeconds],
  ] as const) {
    if (!(v >= 0 && Number.isFinite(v))) throw new Error(`VAD ${name} ${v} s must be ≥ 0`);
  }
}

/** Consumes one probability per frame and keeps the closed segments (before padding). */
export class SpeechSegmenter {
  private readonly neg: number;
  private frame = 0;
  private triggered = false;
  private start = 0;
  /** Frame where the current quiet began (-1: none). */
  private quietFrom = -1;
  private probSum = 0;
  private probFrames = 0;
  /** Frame-probability sums up to quietFrom, for the score of a segment that ends there. */
  private sumAtQuiet = 0;
  private framesAtQuiet = 0;
  private readonly raw: SpeechSegment[] = [];

  constructor(
    private readonly rules: SegmentRules,
    /** Seconds per frame (Silero: 512 / 16000). */
    private readonly frameSeconds: number,
  ) {
    checkSegmentRules(rules);
    this.neg = rules.negThreshold ?? rules.threshold - 0.15;
  }

  push(prob: number): void {
    const i = this.frame++;
    const { threshold } = this.rules;
    if (prob >= threshold && this.quietFrom >= 0) this.quietFrom = -1;
    if (!this.triggered) {
      if (prob >= threshold) {
        this.triggered = true;
        this.start = i;
        this.probSum = prob;
        this.probFrames = 1;
      }
      return;
    }
    if (prob < this.neg) {
      if (this.quietFrom < 0) {
        this.quietFrom = i;
        this.sumAtQuiet = this.probSum;
        this.framesAtQuiet = this.probFrames;
      }
      if ((i - this.quietFrom) * this.frameSeconds >= this.rules.minSilenceSeconds) {
        this.close(this.quietFrom, this.sumAtQuiet / Math.max(1, this.framesAtQuiet));
        return;
      }
    }
    this.probSum += prob;
    this.probFrames++;
  }

  private close(endFrame: number, score: number): void {
    const start = this.start * this.frameSeconds;
    const end = endFrame * this.frameSeconds;
    if (end - start > this.rules.minSpeechSeconds) this.raw.push({ start, end, score });
    this.triggered = false;
    this.quietFrom = -1;
  }

  /** Closes an open segment at the end of the audio and returns all segments, padded. */
  finish(durationSeconds: number): SpeechSegment[] {
    if (this.triggered) {
      const score = this.probSum / Math.max(1, this.probFrames);
      const start = this.start * this.frameSeconds;
      if (durationSeconds - start > this.rules.minSpeechSeconds) {
        this.raw.push({ start, end: durationSeconds, score });
      }
      this.triggered = false;
    }
    const padded = padSegments(this.raw, this.rules.padSeconds, durationSeconds);
    return splitLongSegments(padded, this.rules.maxSpeechSeconds ?? 30);
  }
}

/** Silero's padding: each side grows by `pad`, but two segments never overlap. */
export function padSegments(
  segments: readonly SpeechSegment[],
  pad: number,
  duration: number,
): SpeechSegment[] {
  const out = segments.map((s) => ({ ...s }));
  for (let i = 0; i < out.length; i++) {
    const s = out[i]!;
    if (i === 0) s.start = Math.max(0, s.start - pad);
    const next = out[i + 1];
    if (next) {
      const gap = next.start - s.end;
      if (gap < 2 * pad) {
        s.end += gap / 2;
        next.start = Math.max(0, next.start - gap / 2);
      } else {
        s.end = Math.min(duration, s.end + pad);
        next.start = Math.max(0, next.start - pad);
      }
    } else {
      s.end = Math.min(duration, s.end + pad);
    }
  }
  return out;
}

/** Cuts each segment longer than `max` seconds into equal consecutive parts (same score). */
export function splitLongSegments(
  segments: readonly SpeechSegment[],
  max: number,
): SpeechSegment[] {
  if (!(max > 0)) throw new Error(`VAD maximum speech duration ${max} s must be > 0`);
  const out: SpeechSegment[] = [];
  for (const s of segments) {
    const parts = Math.ceil((s.end - s.start) / max - 1e-9);
    if (parts <= 1) {
      out.push(s);
      continue;
    }
    const step = (s.end - s.start) / parts;
    for (let i = 0; i < parts; i++) {
      out.push({
        start: s.start + i * step,
        end: i === parts - 1 ? s.end : s.start + (i + 1) * step,
        score: s.score,
      });
    }
  }
  return out;
}
