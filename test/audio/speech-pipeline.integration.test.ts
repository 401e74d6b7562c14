// The speech pipeline across the audio families, as an export will run it:
// decode (streamed) → Silero VAD segments → Whisper per segment (tiny graph,
// real tokenizer) → Labels regions + per-region TextArea → strict validation
// against a Label Studio config. Needs ../shared (speech fixture, tokenizer).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { decodeAudioChunks } from '../../src/core/audio/decode-stream';
import { parseLabelingConfig } from '../../src/core/config';
import { createIdGenerator } from '../../src/core/results/ids';
import { makePrediction } from '../../src/core/results/prediction';
import { validatePrediction } from '../../src/core/validate';
import { checkAudioResults } from '../../src/core/validate/audio-extent';
import { audioAsrFamily } from '../../src/models/audio-asr/family';
import { loadNodeWhisper } from '../../src/models/audio-asr/node-asr';
import { whisperTranscriber } from '../../src/models/audio-asr/whisper-transcriber';
import { audioVadFamily } from '../../src/models/audio-vad/family';
import { loadNodeVad, vadWebModelPath } from '../../src/models/audio-vad/node-vad';
import { WHISPER_TOKENIZER_DIR, writeTinyWhisper } from './tiny-whisper';

const speech = resolve(process.cwd(), '../shared/fixtures/audio/speech-two-phrases-16k.wav');
const available = existsSync(speech) && existsSync(WHISPER_TOKENIZER_DIR);
if (!available)
  console.warn('skipping the speech pipeline test: ../shared fixtures or tokenizer absent');

const dir = mkdtempSync(join(tmpdir(), 'prelabel-speech-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config = parseLabelingConfig(`<View>
  <AudioPlus name="audio" value="$audio"/>
  <Labels name="speech" toName="audio"><Label value="Speech"/></Labels>
  <TextArea name="transcription" toName="audio" perRegion="true"/>
</View>`);

it.runIf(available)(
  'VAD segments, a transcript per segment, results that validate strictly',
  async () => {
    const bytes = new Uint8Array(readFileSync(speech));
    const vad = await loadNodeVad(vadWebModelPath('silero_vad_v6.onnx'));
    const { candidates, durationSeconds } = await audioVadFamily.predict(
      decodeAudioChunks(bytes, { chunkSeconds: 5 }),
      (feeds) => vad.session.run(feeds),
      vad.session,
    );
    await vad.release();
    expect(candidates).toHaveLength(2);

    writeTinyWhisper(dir, { cached: true });
    const transcribe = whisperTranscriber(await loadNodeWhisper(dir));
    const { regions } = await audioAsrFamily.predict(
      decodeAudioChunks(bytes, { chunkSeconds: 5 }),
      transcribe,
      candidates.map((c) => ({ start: c.start, end: c.end, score: c.score, label: 'Speech' })),
    );
    expect(regions!.map((r) => r.text)).toEqual(['Hello world.', 'Hello world.']);

    const results = audioAsrFamily.toResults(
      { regions: regions! },
      {
        labels: { fromName: 'speech', toName: 'audio' },
        regionText: { fromName: 'transcription', toName: 'audio' },
      },
      createIdGenerator('t0'),
    );
    expect(results.map((r) => [r.type, r.id])).toEqual([
      ['labels', 't0_0'],
      ['textarea', 't0_0'],
      ['labels', 't0_1'],
      ['textarea', 't0_1'],
    ]);
    // The segment keeps the VAD's score; its transcript carries the recogniser's.
    expect(results[0]!.score).toBe(candidates[0]!.score);
    expect(results[1]!.score).toBe(regions![0]!.textScore);
    expect(validatePrediction(makePrediction(results, 'silero-vad+whisper@test'), config)).toEqual(
      [],
    );
    expect(checkAudioResults(results, { durationSeconds })).toEqual([]);
  },
);
