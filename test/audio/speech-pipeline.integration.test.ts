// The speech pipeline across the audio families through the one predictor,
// as `prelabel predict` and `prelabel serve` run it: decode (streamed) →
// Silero VAD segments → Whisper per segment (tiny graph, real tokenizer) →
// Labels regions + per-region TextArea → strict validation against a Label
// Studio config; and a whole-file transcript for a config without regions.
// Needs ../shared (speech fixture, tokenizer).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { parseLabelingConfig } from '../../src/core/config';
import { checkAudioResults } from '../../src/core/validate/audio-extent';
import { vadWebModelPath } from '../../src/models/audio-vad/node-vad';
import { audioTargetOf, predictAudioTask } from '../../src/models/predictor';
import { audioStreamOf } from '../../src/models/predictor/audio-stream';
import { openPackagePath } from '../../src/models/predictor/node-package';
import { WHISPER_TOKENIZER_DIR, writeTinyWhisper } from './tiny-whisper';
import { fixturesPresent } from '../require-fixtures';

const speech = resolve(process.cwd(), '../shared/fixtures/audio/speech-two-phrases-16k.wav');
const available = fixturesPresent('speech pipeline test', speech, WHISPER_TOKENIZER_DIR);

const dir = mkdtempSync(join(tmpdir(), 'prelabel-speech-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A VAD package as the install step lays out the built-in one. */
function vadPackage(): string {
  const vad = join(dir, 'vad');
  mkdirSync(vad);
  symlinkSync(vadWebModelPath('silero_vad_v6.onnx'), join(vad, 'silero_vad_v6.onnx'));
  writeFileSync(
    join(vad, 'manifest.json'),
    JSON.stringify({ id: 'silero-vad', family: 'audio-vad', file: 'silero_vad_v6.onnx' }),
  );
  return vad;
}

const PER_REGION = parseLabelingConfig(`<View>
  <AudioPlus name="audio" value="$audio"/>
  <Labels name="speech" toName="audio"><Label value="Speech"/></Labels>
  <TextArea name="transcription" toName="audio" perRegion="true"/>
</View>`);

const WHOLE = parseLabelingConfig(`<View>
  <Audio name="audio" value="$audio"/>
  <TextArea name="transcript" toName="audio"/>
</View>`);

it.runIf(available)(
  'VAD segments, a transcript per segment, results that validate strictly',
  async () => {
    const audio = audioStreamOf(new Uint8Array(readFileSync(speech)), 'speech.wav');
    const vad = (await openPackagePath(vadPackage()))!;
    expect(vad.family.id).toBe('audio-vad');
    const whisperDir = join(dir, 'whisper');
    writeTinyWhisper(whisperDir, { cached: true });
    const asr = (await openPackagePath(whisperDir))!;
    expect(asr.family.id).toBe('audio-asr');

    const task = { index: 0, data: { audio: 'speech.wav' } };
    const target = audioTargetOf(asr, PER_REGION);
    expect(target.mode).toBe('regions');
    const settings = { config: PER_REGION, target, modelVersion: 'silero-vad+whisper@test' };
    await expect(predictAudioTask(asr, task, audio, settings)).rejects.toThrow(
      /needs a region model/,
    );
    const out = await predictAudioTask(asr, task, audio, { ...settings, regionModel: vad });
    const results = out.prediction.result;
    expect(results.map((r) => [r.type, r.id])).toEqual([
      ['labels', 'audio_0'],
      ['textarea', 'audio_0'],
      ['labels', 'audio_1'],
      ['textarea', 'audio_1'],
    ]);
    expect(results.filter((r) => r.type === 'textarea').map((r) => r.value)).toEqual([
      {
        text: ['Hello world.'],
        start: results[0]!.value.start,
        end: results[0]!.value.end,
        channel: 0,
      },
      {
        text: ['Hello world.'],
        start: results[2]!.value.start,
        end: results[2]!.value.end,
        channel: 0,
      },
    ]);
    // The segment keeps the VAD's score; its transcript carries the recogniser's.
    const segments = (await vad.predictor.predict(audio as never)).candidates as {
      score: number;
    }[];
    expect(results[0]!.score).toBe(segments[0]!.score);
    expect(results[1]!.score).not.toBe(results[0]!.score);
    expect(out.issues).toEqual([]);
    expect(checkAudioResults(results, { durationSeconds: 11 })).toEqual([]);

    // Without a per-region TextArea: one transcript for the whole file, no VAD.
    const whole = audioTargetOf(asr, WHOLE);
    expect(whole.mode).toBe('whole');
    const file = await predictAudioTask(asr, task, audio, {
      config: WHOLE,
      target: whole,
      modelVersion: 'whisper@test',
    });
    expect(file.issues).toEqual([]);
    expect(file.prediction.result).toHaveLength(1);
    expect(file.prediction.result[0]).toMatchObject({ type: 'textarea', from_name: 'transcript' });
  },
);
