// The speech-recognition family. Packages: a Whisper folder in the
// transformers.js / Optimum layout (encoder_model*.onnx + decoder_model*.onnx
// + tokenizer.json + generation_config.json) or a wav2vec2-style CTC model
// (one .onnx taking input_values + vocab.json). It reads regions another
// model found (the VAD's segments → a per-region `<TextArea>`), or the whole
// file (→ one `<TextArea>`), on `<Audio>`/`<AudioPlus>`. Run options:
// `speech` (Whisper's language and task) and `generation.maxNewTokens`.
import type { PcmChunk } from '../../core/audio/pcm';
import { OptionValueError } from '../shared/errors';
import { maxNewTokensOf, speechOptionsOf, type SpeechOptions } from '../shared/speech-options';
import type { FeedTensor, TensorSession } from '../shared/tensor-session';
import type { PackageFamily, PackageReader, RegionCandidate, SessionOpener } from '../types';
import type { AsrSession, AsrTensor } from './asr-session';
import type { Transcriber } from './whisper-transcriber';

/** Whisper reads 30 s windows; regions are cut to at most that by the VAD. */
const WINDOW_SECONDS = 30;

type Settings = { kind: 'whisper'; files: readonly string[] } | { kind: 'ctc'; vocab: string };

const base = (name: string) => name.split('/').pop() ?? name;

/** The speech code's session over any runtime's TensorSession. */
function asrSession(session: TensorSession): AsrSession {
  return {
    inputNames: session.io.inputs.map((i) => i.name),
    outputNames: session.io.outputs.map((o) => o.name),
    inputMetadata: session.io.inputs.map((i) => ({ name: i.name, shape: i.dims })),
    run: async (feeds) =>
      (await session.run(feeds as Record<string, FeedTensor>)) as Record<string, AsrTensor>,
  };
}

async function optionalJson(read: PackageReader, name: string): Promise<Record<string, unknown>> {
  const text = await read.text(name).catch(() => undefined);
  if (text === undefined) return {};
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`${name} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

async function openCtc(
  openSession: SessionOpener,
  read: PackageReader,
  model: string,
  vocabFile: string,
): Promise<Transcriber> {
  const session = asrSession(await openSession(model));
  if (!session.inputNames.includes('input_values')) {
    throw new Error(
      `${model}: not a CTC speech model (inputs ${session.inputNames.join(', ')}; expected input_values)`,
    );
  }
  const vocabJson = JSON.parse(await read.text(vocabFile)) as Record<string, number>;
  const tokenizerConfig = await optionalJson(read, 'tokenizer_config.json');
  const preprocessor = await optionalJson(read, 'preprocessor_config.json');
  const padToken = tokenizerConfig['pad_token'];
  const { ctcVocabulary } = await import('./ctc');
  const { ctcTranscriber } = await import('./ctc-transcriber');
  const vocabulary = ctcVocabulary(
    vocabJson,
    typeof padToken === 'string' ? { padToken } : {},
    vocabFile,
  );
  return ctcTranscriber(session, vocabulary, { normalize: preprocessor['do_normalize'] !== false });
}

/** A CTC model reads one language and has no task: its options are refused, not ignored. */
function refuseSpeechOptions(speech: SpeechOptions): void {
  for (const [option, value] of Object.entries(speech)) {
    if (value === undefined) continue;
    throw new OptionValueError(
      option,
      String(value),
      [],
      'a CTC model has no language or task setting (Whisper models do)',
    );
  }
}

/** The chunks, counting their length (the whole-file transcript spans the file). */
async function* counted(chunks: AsyncIterable<PcmChunk>, total: { seconds: number }) {
  for await (const chunk of chunks) {
    total.seconds = chunk.start + chunk.samples.length / chunk.sampleRate;
    yield chunk;
  }
}

export const audioAsrFamily: PackageFamily<'audio', 'regions', Settings> = {
  kind: 'package',
  id: 'audio-asr',
  displayName: 'Speech recognition (Whisper-class encoder/decoder, wav2vec2-style CTC)',
  modality: 'audio',
  resultKind: 'regions',
  readsRegions: true,
  builtins: [],
  expects:
    'a speech recogniser (Whisper: encoder_model*.onnx + decoder_model*.onnx + tokenizer.json; CTC: one .onnx + vocab.json)',
  recognise({ files }) {
    const names = files.map(base);
    const encoder = files.find((f) => base(f).startsWith('encoder_model') && f.endsWith('.onnx'));
    if (encoder && names.some((f) => f.startsWith('decoder_model'))) {
      return { reason: 'a Whisper package', model: encoder, settings: { kind: 'whisper', files } };
    }
    const onnx = files.filter((f) => f.endsWith('.onnx'));
    const vocab = files.find((f) => base(f) === 'vocab.json');
    if (vocab && onnx.length === 1 && !names.includes('tokenizer.json')) {
      return {
        reason: 'a CTC model (one .onnx + vocab.json)',
        model: onnx[0]!,
        settings: { kind: 'ctc', vocab },
      };
    }
    return null;
  },
  async open(openSession, read, match, options) {
    const { transcribeRegions, transcribeWhole } = await import('./transcribe-audio');
    const { openWhisperPackage } = await import('./whisper-package');
    const { whisperTranscriber } = await import('./whisper-transcriber');
    const speech = speechOptionsOf(options);
    if (match.settings.kind === 'ctc') refuseSpeechOptions(speech);
    const transcribe =
      match.settings.kind === 'ctc'
        ? await openCtc(openSession, read, match.model, match.settings.vocab)
        : whisperTranscriber(
            await openWhisperPackage(
              { names: match.settings.files, read: (name) => read.bytes(name) },
              async (_bytes, name) => asrSession(await openSession(name)),
              speech,
            ),
            maxNewTokensOf(options),
          );
    return {
      classNames: ['speech'],
      async predict(audio) {
        if (audio.regions) {
          const candidates: RegionCandidate[] = await transcribeRegions(
            audio.chunks(WINDOW_SECONDS),
            audio.regions,
            transcribe,
          );
          return { candidates, raw: candidates };
        }
        const total = { seconds: 0 };
        const whole = await transcribeWhole(
          counted(audio.chunks(WINDOW_SECONDS), total),
          transcribe,
        );
        const candidates = [
          {
            start: 0,
            end: total.seconds,
            score: whole.score,
            classIndex: 0,
            text: whole.text,
            textScore: whole.score,
          },
        ];
        return { candidates, raw: whole };
      },
    };
  },
};
