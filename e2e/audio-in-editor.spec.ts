// The audio families' export in the real Label Studio editor (LSF 1.4.0, which
// draws segments on <AudioPlus>): Silero VAD segments on the real speech
// fixture (onnxruntime-node, through the predictor as the CLI runs it) as
// Labels regions, each with its per-region TextArea transcript (tiny Whisper
// graph, real tokenizer), and a whole-clip Choices answer. Every result must
// load, every segment must be drawn.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { parseLabelingConfig } from '../src/core/config';
import { audioChoicesResult } from '../src/core/results/audio-regions';
import { createIdGenerator } from '../src/core/results/ids';
import { makePrediction } from '../src/core/results/prediction';
import { validatePrediction } from '../src/core/validate';
import { vadWebModelPath } from '../src/models/audio-vad/node-vad';
import { audioTargetOf, predictAudioTask } from '../src/models/predictor';
import { audioStreamOf } from '../src/models/predictor/audio-stream';
import { openPackagePath } from '../src/models/predictor/node-package';
import { WHISPER_TOKENIZER_DIR, writeTinyWhisper } from '../test/audio/tiny-whisper';
import { expectAllLoaded, fixtureUrl, loadInEditor } from './ls-editor/harness';
import { EDITOR_BUILD, SHARED_FIXTURES } from './ls-editor/serve';
import { fixturesPresent } from '../test/require-fixtures';

const speech = join(SHARED_FIXTURES, 'audio/speech-two-phrases-16k.wav');
test.skip(
  !fixturesPresent('audio-in-editor.spec.ts', join(EDITOR_BUILD, 'static/js/main.js')),
  'Label Studio editor not fetched: run node scripts/get-ls-editor.mjs',
);
test.skip(
  !fixturesPresent('audio-in-editor.spec.ts', speech, WHISPER_TOKENIZER_DIR),
  'needs ../shared (speech fixture, tokenizer)',
);

const CONFIG = `<View>
  <AudioPlus name="audio" value="$audio"/>
  <Labels name="speech" toName="audio"><Label value="Speech" background="#2a9d8f"/></Labels>
  <TextArea name="transcription" toName="audio" perRegion="true" rows="2" editable="true"/>
  <Choices name="kind" toName="audio"><Choice value="Speech"/><Choice value="Music"/></Choices>
</View>`;

test('VAD segments with per-region transcripts and a clip class load and draw', async ({
  page,
}) => {
  const audio = audioStreamOf(new Uint8Array(readFileSync(speech)), 'speech.wav');
  const dir = mkdtempSync(join(tmpdir(), 'prelabel-e2e-whisper-'));
  try {
    const vadDir = join(dir, 'vad');
    mkdirSync(vadDir);
    symlinkSync(vadWebModelPath('silero_vad_v6.onnx'), join(vadDir, 'silero_vad_v6.onnx'));
    writeFileSync(
      join(vadDir, 'manifest.json'),
      JSON.stringify({ id: 'silero-vad', family: 'audio-vad', file: 'silero_vad_v6.onnx' }),
    );
    const whisperDir = join(dir, 'whisper');
    writeTinyWhisper(whisperDir, { cached: true });
    const vad = (await openPackagePath(vadDir))!;
    const asr = (await openPackagePath(whisperDir))!;
    const config = parseLabelingConfig(CONFIG);
    const { prediction: regions } = await predictAudioTask(asr, { index: 0, data: {} }, audio, {
      config,
      target: audioTargetOf(asr, config),
      modelVersion: 'silero-vad+whisper@e2e',
      regionModel: vad,
    });
    const nextId = createIdGenerator('t0');
    const result = [
      ...regions.result,
      audioChoicesResult({ fromName: 'kind', toName: 'audio' }, nextId(), ['Speech'], 0.9),
    ];
    const prediction = makePrediction(result, 'silero-vad+whisper@e2e', 0.9);
    expect(validatePrediction(prediction, parseLabelingConfig(CONFIG))).toEqual([]);
    expect(result.filter((r) => r.type === 'labels')).toHaveLength(2);
    expect(result.filter((r) => r.type === 'textarea')).toHaveLength(2);

    const [loaded] = await loadInEditor(page, {
      config: CONFIG,
      data: { audio: fixtureUrl('audio/speech-two-phrases-16k.wav') },
      predictions: [prediction],
    });
    expectAllLoaded(prediction, loaded);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
