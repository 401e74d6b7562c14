// The speech-recognition family, contract-neutral until the modality-neutral
// family contract (issue 13) lands. Models: a Whisper package in the
// transformers.js / Optimum layout (several files) or a wav2vec2-style CTC
// model (one .onnx + vocab.json). Output: a TextArea per region (`perRegion`,
// regions from the VAD) or for the whole file.

import type { PcmChunk } from '../../core/audio/pcm';
import {
  audioTranscriptResult,
  type AudioRegion,
  audioRegionResults,
} from '../../core/results/audio-regions';
import type { ControlIdentity } from '../../core/results/geometry';
import type { LsResult } from '../../core/results/types';
import type { TimeSpan } from '../../core/audio/segment-samples';
import { transcribeRegions, transcribeWhole } from './transcribe-audio';
import type { Transcriber } from './whisper-transcriber';

export const audioAsrFamily = {
  id: 'audio-asr',
  displayName: 'Speech recognition (Whisper-class encoder/decoder, wav2vec2-style CTC)',
  input: 'audio' as const,
  sampleRate: 16000,
  /** `<TextArea>` on `<Audio>`/`<AudioPlus>`, per region or for the file. */
  resultKinds: ['textarea'] as const,

  /** Which kind of speech model a package holds, from its file names and the model's inputs. */
  recognise(files: readonly string[], inputNames?: readonly string[]): 'whisper' | 'ctc' | null {
    const base = files.map((f) => f.split('/').pop() ?? f);
    if (
      base.some((f) => f.startsWith('encoder_model')) &&
      base.some((f) => f.startsWith('decoder_model'))
    ) {
      return 'whisper';
    }
    if (inputNames?.includes('input_values') && base.includes('vocab.json')) return 'ctc';
    return null;
  },

  /** Texts per region (regions in seconds, e.g. the VAD's), or one for the file. */
  async predict<S extends TimeSpan>(
    chunks: AsyncIterable<PcmChunk>,
    transcribe: Transcriber,
    regions?: readonly S[],
  ) {
    if (regions) return { regions: await transcribeRegions(chunks, regions, transcribe) };
    return { whole: await transcribeWhole(chunks, transcribe) };
  },

  /** Regions with texts → Labels + linked per-region TextArea; or one whole-file TextArea. */
  toResults(
    output: {
      regions?: (AudioRegion & { score?: number })[];
      whole?: { text: string; score: number };
    },
    targets: { labels: ControlIdentity; regionText?: ControlIdentity; fileText?: ControlIdentity },
    nextId: () => string,
  ): LsResult[] {
    if (output.regions) return audioRegionResults(output.regions, targets, nextId);
    if (output.whole && targets.fileText) {
      return [
        audioTranscriptResult(targets.fileText, nextId(), output.whole.text, output.whole.score),
      ];
    }
    return [];
  },
};
