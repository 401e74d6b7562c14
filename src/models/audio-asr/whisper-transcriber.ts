// 16 kHz mono samples → text with a Whisper package: 30 s windows (a longer
// segment is cut into consecutive windows and the texts joined), log-mel
// features, encoder once per window, greedy decoding.

import { decodeTokens } from './byte-level-tokens';
import { createLogMelExtractor } from './log-mel';
import { encodeFeatures, greedyDecode } from './whisper-decoder';
import type { WhisperPackage } from './whisper-package';

export interface SpeechText {
  text: string;
  /** Mean token probability (0..1). */
  score: number;
}

export type Transcriber = (samples: Float32Array) => Promise<SpeechText>;

export function whisperTranscriber(pkg: WhisperPackage, maxNewTokens = 224): Transcriber {
  const extract = createLogMelExtractor(pkg.features);
  const window = pkg.features.nSamples;
  return async (samples) => {
    const texts: string[] = [];
    let scoreSum = 0;
    let windows = 0;
    for (let at = 0; at < Math.max(1, samples.length); at += window) {
      const mel = extract(samples.subarray(at, at + window));
      const hidden = await encodeFeatures(pkg.encoder, mel);
      const { tokens, score } = await greedyDecode(
        pkg.decoder,
        pkg.layout,
        hidden,
        pkg.generation,
        maxNewTokens,
      );
      const text = decodeTokens(pkg.vocabulary, tokens).trim();
      if (text) texts.push(text);
      scoreSum += score;
      windows++;
    }
    return { text: texts.join(' '), score: scoreSum / windows };
  };
}
