// 16 kHz mono samples → text with a wav2vec2-style CTC model: `input_values`
// [1, samples] (normalised when the preprocessor says do_normalize), logits
// [1, frames, vocab], greedy CTC.

import { floatOutput, type AsrSession } from './asr-session';
import { ctcGreedy, normalizeWaveform, type CtcVocabulary } from './ctc';
import type { Transcriber } from './whisper-transcriber';

export function ctcTranscriber(
  session: AsrSession,
  vocabulary: CtcVocabulary,
  options: { normalize?: boolean } = {},
): Transcriber {
  const input = session.inputNames.includes('input_values')
    ? 'input_values'
    : session.inputNames[0];
  if (!input) throw new Error('CTC model: the model has no inputs');
  const output = session.outputNames.includes('logits') ? 'logits' : (session.outputNames[0] ?? '');
  return async (samples) => {
    const values = options.normalize === false ? samples : normalizeWaveform(samples);
    const feeds: Parameters<AsrSession['run']>[0] = {
      [input]: { type: 'float32', data: values, dims: [1, values.length] },
    };
    if (session.inputNames.includes('attention_mask')) {
      feeds.attention_mask = {
        type: 'int64',
        data: new BigInt64Array(values.length).fill(1n),
        dims: [1, values.length],
      };
    }
    const logits = floatOutput(await session.run(feeds), output, 'CTC model');
    const [, frames = 0, size = 0] = logits.dims;
    if (size !== vocabulary.tokens.length) {
      throw new Error(
        `CTC model: logits have ${size} classes but the vocabulary has ${vocabulary.tokens.length} tokens`,
      );
    }
    return ctcGreedy(logits.data, frames, vocabulary);
  };
}
