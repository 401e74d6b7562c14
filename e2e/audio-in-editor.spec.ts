// The audio families' export in the real Label Studio editor (LSF 1.4.0, which
// draws segments on <AudioPlus>): Silero VAD segments on the real speech
// fixture (onnxruntime-node) as Labels regions, each with its per-region
// TextArea transcript (tiny Whisper graph, real tokenizer), and a whole-clip
// Choices answer. Every result must load, every segment must be drawn.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { decodeAudioChunks } from '../src/core/audio/decode-stream';
import { parseLabelingConfig } from '../src/core/config';
import { audioChoicesResult } from '../src/core/results/audio-regions';
import { createIdGenerator } from '../src/core/results/ids';
import { makePrediction } from '../src/core/results/prediction';
import { validatePrediction } from '../src/core/validate';
import { audioAsrFamily } from '../src/models/audio-asr/family';
import { loadNodeWhisper } from '../src/models/audio-asr/node-asr';
import { whisperTranscriber } from '../src/models/audio-asr/whisper-transcriber';
import { audioVadFamily } from '../src/models/audio-vad/family';
import { loadNodeVad, vadWebModelPath } from '../src/models/audio-vad/node-vad';
import { WHISPER_TOKENIZER_DIR, writeTinyWhisper } from '../test/audio/tiny-whisper';
import { expectAllLoaded, fixtureUrl, loadInEditor } from './ls-editor/harness';
import { EDITOR_BUILD, SHARED_FIXTURES } from './ls-editor/serve';

const speech = join(SHARED_FIXTURES, 'audio/speech-two-phrases-16k.wav');
test.skip(
  !existsSync(join(EDITOR_BUILD, 'static/js/main.js')),
  'Label Studio editor not fetched: run node scripts/get-ls-editor.mjs',
);
test.skip(
  !existsSync(speech) || !existsSync(WHISPER_TOKENIZER_DIR),
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
  const bytes = new Uint8Array(readFileSync(speech));
  const vad = await loadNodeVad(vadWebModelPath('silero_vad_v6.onnx'));
  const { candidates } = await audioVadFamily.predict(
    decodeAudioChunks(bytes),
    (feeds) => vad.session.run(feeds),
    vad.session,
  );
  await vad.release();
  const dir = mkdtempSync(join(tmpdir(), 'prelabel-e2e-whisper-'));
  try {
    writeTinyWhisper(dir, { cached: true });
    const { regions } = await audioAsrFamily.predict(
      decodeAudioChunks(bytes),
      whisperTranscriber(await loadNodeWhisper(dir)),
      candidates.map((c) => ({ start: c.start, end: c.end, score: c.score, label: 'Speech' })),
    );
    const nextId = createIdGenerator('t0');
    const result = [
      ...audioAsrFamily.toResults(
        { regions: regions! },
        {
          labels: { fromName: 'speech', toName: 'audio' },
          regionText: { fromName: 'transcription', toName: 'audio' },
        },
        nextId,
      ),
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
