// Audio families through the predictor: a sound classifier (openWakeWord's
// feature models as the install step copies them, plus a head of seeded
// random weights: no trained head ships) answers the clip's <Choices>; a
// config without a fitting control is refused by name.
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseLabelingConfig } from '../../core/config';
import { fixturesPresent } from '../../../test/require-fixtures';
import { audioStreamOf } from './audio-stream';
import { openPackagePath } from './node-package';
import { audioTargetOf, predictAudioTask } from './predict-audio';

const FEATURES = resolve(process.cwd(), 'public/models/openwakeword-embedding');
const SPEECH = resolve(process.cwd(), '../shared/fixtures/audio/speech-two-phrases-16k.wav');
const present = fixturesPresent(
  'sound classes through the predictor',
  join(FEATURES, 'melspectrogram.onnx'),
  join(FEATURES, 'embedding_model.onnx'),
  SPEECH,
);

const dir = mkdtempSync(join(tmpdir(), 'prelabel-sound-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CONFIG = parseLabelingConfig(`<View>
  <Audio name="clip" value="$audio"/>
  <Choices name="kind" toName="clip"><Choice value="Speech"/><Choice value="Music"/></Choices>
</View>`);

describe.skipIf(!present)('audio-classification package', () => {
  it('answers the clip <Choices> with the head’s top class', async () => {
    for (const f of ['melspectrogram.onnx', 'embedding_model.onnx'])
      symlinkSync(join(FEATURES, f), join(dir, f));
    let seed = 3;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.1;
    const head = {
      classNames: ['speech', 'music'],
      weights: [0, 1].map(() => Array.from({ length: 192 }, random)),
      bias: [0, 0],
    };
    writeFileSync(join(dir, 'head.json'), JSON.stringify(head));
    const model = (await openPackagePath(dir))!;
    expect(model.family.id).toBe('audio-classification');
    const target = audioTargetOf(model, CONFIG);
    expect(target).toMatchObject({
      mode: 'choices',
      mapping: { speech: 'Speech', music: 'Music' },
    });
    const audio = audioStreamOf(new Uint8Array(readFileSync(SPEECH)), 'speech.wav');
    const out = await predictAudioTask(model, { index: 0, data: { audio: 'x.wav' } }, audio, {
      config: CONFIG,
      target,
      modelVersion: 'sound@test',
    });
    expect(out.issues).toEqual([]);
    const scores = out.raw as { label: string; score: number }[];
    expect(out.prediction.result).toHaveLength(1);
    expect(out.prediction.result[0]!.value).toEqual({
      choices: [scores[0]!.label === 'speech' ? 'Speech' : 'Music'],
    });
    expect(scores[0]!.score + scores[1]!.score).toBeCloseTo(1, 5);

    const noChoices = parseLabelingConfig(
      '<View><Audio name="clip" value="$audio"/><Labels name="l" toName="clip"><Label value="A"/></Labels></View>',
    );
    expect(() => audioTargetOf(model, noChoices)).toThrow(
      'the labeling config has no <Choices> on "clip"',
    );
  });
});
