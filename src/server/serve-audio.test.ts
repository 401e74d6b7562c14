// Audio models behind /predict, the way Label Studio calls them: the audio
// fetched from the Label Studio test server (/data/upload/… with the /setup
// token), the built-in VAD's segments as <Labels> regions, a Whisper folder's
// texts in the per-region <TextArea>; a task whose file fails gets an empty
// result, the rest of the batch its regions.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WHISPER_TOKENIZER_DIR, writeTinyWhisper } from '../../test/audio/tiny-whisper';
import { startLsTestServer, type LsTestServer } from '../../test/ls-test-server';
import { fixturesPresent } from '../../test/require-fixtures';
import { BUILTIN_DIR } from '../cli/load-model';
import { predictBody, setupBody, simpleTask } from './protocol-fixtures';
import { startHarness, until, type Harness } from './test-support/harness';
import type { ServeModelOptions } from './model-adapter';

const AUDIO = resolve(process.cwd(), '../shared/fixtures/audio');
const present = fixturesPresent(
  'serve-audio',
  join(AUDIO, 'speech-two-phrases-16k.wav'),
  WHISPER_TOKENIZER_DIR,
  join(BUILTIN_DIR, 'silero-vad/manifest.json'),
);

/** Speech segments with a transcript each (the speech-pipeline config of Label Studio's docs). */
const AUDIO_CONFIG = `<View>
  <AudioPlus name="audio" value="$audio"/>
  <Labels name="speech" toName="audio"><Label value="Speech"/></Labels>
  <TextArea name="transcription" toName="audio" perRegion="true"/>
</View>`;

type Sent = { id: string; type: string; from_name: string; value: Record<string, unknown> };

describe.skipIf(!present)('/predict with audio models', () => {
  let ls: LsTestServer;
  const harnesses: Harness[] = [];
  const whisper = mkdtempSync(join(tmpdir(), 'prelabel-serve-whisper-'));

  beforeAll(async () => {
    ls = await startLsTestServer({
      projects: [{ id: 3, label_config: AUDIO_CONFIG }],
      uploads: {
        '3/speech.wav': readFileSync(join(AUDIO, 'speech-two-phrases-16k.wav')),
        '3/notes.wav': new TextEncoder().encode('not audio'),
      },
    });
    writeTinyWhisper(whisper, { cached: true });
  });

  afterAll(async () => {
    await Promise.all(harnesses.map((h) => h.close()));
    await ls?.close();
    rmSync(whisper, { recursive: true, force: true });
  });

  async function predict(model: ServeModelOptions) {
    const serve = await startHarness({ model });
    harnesses.push(serve);
    const setup = () => serve.post('/setup', setupBody(ls.url, ls.state.legacyToken, AUDIO_CONFIG));
    let reply = await setup();
    await until(async () => {
      if (!String(reply.body.model_version).endsWith('@loading')) return true;
      reply = await setup();
      return false;
    }, 'the model to load');
    expect(reply.status).toBe(200);
    const tasks = [
      simpleTask(1, { audio: '/data/upload/3/speech.wav' }),
      simpleTask(2, { audio: '/data/upload/3/missing.wav' }),
      simpleTask(3, { audio: '/data/upload/3/notes.wav' }),
    ];
    const answer = await serve.post('/predict', predictBody(tasks, AUDIO_CONFIG));
    expect(answer.status).toBe(200);
    const results = answer.body.results!;
    expect(results).toHaveLength(3);
    for (const i of [1, 2]) expect(results[i]).toEqual([]);
    const log = serve.log.join('');
    expect(log).toMatch(/task 2: no prediction \(asked again next run\): .*404/);
    expect(log).toMatch(/task 3: no prediction \(asked again next run\): .*not an audio format/);
    return { version: reply.body.model_version as string, sent: results[0]!.result as Sent[], log };
  }

  it('the built-in VAD answers a <Labels> region per phrase', async () => {
    const { version, sent, log } = await predict({ model: 'silero-vad' });
    expect(version).toMatch(/^silero-vad@/);
    expect(log).toContain('project 3: silero-vad (audio-vad) → "speech" (labels) on "audio"');
    expect(sent.map((r) => [r.type, r.from_name, r.value.labels])).toEqual([
      ['labels', 'speech', ['Speech']],
      ['labels', 'speech', ['Speech']],
    ]);
    const media = ls.state.requests.filter((r) => r.url.startsWith('/data/upload/'));
    for (const r of media) expect(r.authorization).toBe(`Token ${ls.state.legacyToken}`);
  });

  it('a Whisper folder writes a transcript per VAD segment', async () => {
    expect(existsSync(join(whisper, 'onnx/encoder_model.onnx'))).toBe(true);
    const { sent } = await predict({ model: whisper });
    expect(sent.map((r) => r.type)).toEqual(['labels', 'textarea', 'labels', 'textarea']);
    expect(sent[1]!.id).toBe(sent[0]!.id);
    expect(sent[1]!.value.text).toEqual(['Hello world.']);
  });

  it('Whisper options (language, task, token limit) reach the model', async () => {
    const { version, sent } = await predict({
      model: whisper,
      speech: { language: 'fr', task: 'translate' },
      generation: { strategy: 'greedy', maxNewTokens: 1 },
    });
    expect(sent.filter((r) => r.type === 'textarea').map((r) => r.value.text)).toEqual([
      ['Hello'],
      ['Hello'],
    ]);
    const plain = await predict({ model: whisper });
    expect(version).not.toBe(plain.version);
  });
});
