// An audio project through the worker's Engine (in Node: onnxruntime-web's
// WASM as the worker runs it, the journal on fake-indexeddb): a config with
// <Labels> on <Audio>, dropped WAV files and a Label Studio JSON task whose
// audio is a URL, the built-in Silero VAD read over HTTP like the page's
// models/ folder, a run, the preview's waveform and the export. The same
// files through the CLI's predictor (onnxruntime-node) give the same
// prediction JSON. A corrupt file fails alone, named, and the rest goes on;
// a fetch that failed succeeds on retry. Dropped model folders: a Whisper
// package (tiny graph, real tokenizer) transcribing the VAD's segments or the
// whole file, and a sound classifier (openWakeWord features + a head).
import 'fake-indexeddb/auto';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseLabelingConfig } from '../core/config';
import type { LsPrediction } from '../core/results/types';
import { audioStreamOf } from '../models/predictor/audio-stream';
import { fixturesPresent } from '../../test/require-fixtures';
import { WHISPER_TOKENIZER_DIR, writeTinyWhisper } from '../../test/audio/tiny-whisper';
import type { RunRequest } from './api';
import { Engine } from './engine';
import { requestModelVersion } from './run-version';

vi.mock('./web-runtime', async (actual) => {
  const real = await actual<typeof import('./web-runtime')>();
  const { nodeRuntime } = await import('../models/predictor/node-runtime');
  return {
    ...real,
    // The worker's runtime (onnxruntime-web, WASM), without the browser's backend probing.
    webRuntime: () => {
      const inner = nodeRuntime('wasm');
      const backends: { backend: 'wasm'; threads: number; simd: boolean }[] = [];
      return {
        backends,
        createSession: (...args: Parameters<typeof inner.createSession>) => {
          backends.push({ backend: 'wasm', threads: 1, simd: true });
          return inner.createSession(...args);
        },
      };
    },
  };
});

const AUDIO = resolve(process.cwd(), '../shared/fixtures/audio');
const MODELS = resolve(process.cwd(), 'public/models');
const present = fixturesPresent(
  'audio tasks through the engine',
  resolve(AUDIO, 'speech-two-phrases-16k.wav'),
  resolve(AUDIO, 'speech-44k-stereo.wav'),
  resolve(MODELS, 'silero-vad/manifest.json'),
);

const BASE = 'http://app.test/';
const CONFIG = `<View>
  <Audio name="audio" value="$audio"/>
  <Labels name="speech" toName="audio"><Label value="Speech"/><Label value="Noise"/></Labels>
</View>`;
const REQUEST: RunRequest = { targets: [], options: { confidence: 0, iou: 0, maxDetections: 0 } };

const bytesOf = (name: string) => readFileSync(resolve(AUDIO, name));
const dropped = (name: string, bytes: Uint8Array = bytesOf(name)) => ({
  file: new File([new Uint8Array(bytes)], name, { type: 'audio/wav' }),
  path: name,
});
/** A WAV header that promises data the file does not hold, then noise. */
const CORRUPT = new Uint8Array([
  ...new TextEncoder().encode('RIFF'),
  ...[0xff, 0xff, 0, 0],
  ...new TextEncoder().encode('WAVEfmt '),
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9],
]);

/** The page's HTTP: the models folder, and task audio URLs (one fails once with 503). */
let remoteFailures = 1;
async function serve(input: RequestInfo | URL): Promise<Response> {
  const url = new URL(String(input instanceof Request ? input.url : input));
  if (url.pathname.startsWith('/models/')) {
    const body = readFileSync(resolve(MODELS, url.pathname.slice('/models/'.length)));
    const type = url.pathname.endsWith('.json') ? 'application/json' : 'application/octet-stream';
    return new Response(body, { headers: { 'content-type': type } });
  }
  if (url.pathname === '/media/remote.wav') {
    if (remoteFailures-- > 0) return new Response('busy', { status: 503 });
    return new Response(bytesOf('speech-two-phrases-16k.wav'), {
      headers: { 'content-type': 'audio/wav' },
    });
  }
  return new Response('not found', { status: 404 });
}

beforeAll(() => {
  vi.stubGlobal('fetch', vi.fn(serve));
});
afterAll(() => vi.unstubAllGlobals());

async function audioEngine() {
  const engine = new Engine();
  expect((await engine.setConfig(CONFIG)).ok).toBe(true);
  const model = await engine.loadModel({
    source: { kind: 'builtin', id: 'silero-vad', baseUrl: `${BASE}models/silero-vad/` },
    backend: 'wasm',
  });
  return { engine, model };
}

const regionsOf = (results: { value: Record<string, unknown> }[]) =>
  results.map((r) => [r.value.start, r.value.end, r.value.labels]);

describe.skipIf(!present)('Engine on audio tasks', () => {
  it('runs the built-in VAD on dropped files as the CLI does; a corrupt file fails alone, named', async () => {
    const { engine, model } = await audioEngine();
    expect(model).toMatchObject({ kind: 'audio-regions', classNames: ['speech'] });
    const summary = await engine.setTaskSources({
      taskFiles: [],
      mediaFiles: [
        dropped('speech-two-phrases-16k.wav'),
        dropped('broken.wav', CORRUPT),
        dropped('speech-44k-stereo.wav'),
      ],
    });
    expect(summary).toMatchObject({ total: 3, fromMedia: true, dataKey: 'audio' });
    const run = await engine.run(REQUEST, () => undefined);
    const audio = { fromName: 'speech', toName: 'audio', mapping: { speech: 'Speech' } };
    expect(await requestModelVersion(model, { ...REQUEST, audio })).toBe(run.modelVersion);
    expect(run.state).toBe('done');
    expect(run.done).toBe(3);
    expect(run.failures).toEqual([
      {
        index: 1,
        name: 'broken.wav',
        stage: 'audio',
        message: expect.stringMatching(/^broken\.wav: .*wav/),
      },
    ]);

    const first = await engine.getTaskView(0);
    expect(first.image).toBeNull();
    expect(first.audio).toMatchObject({ object: 'audio', source: { kind: 'file' } });
    // The fixture's two phrases (≈1.5–4.3 s and ≈6.3–9.5 s), "speech" auto-mapped to Speech.
    expect(first.results).toHaveLength(2);
    expect(first.results.map((r) => r.value.labels)).toEqual([['Speech'], ['Speech']]);
    const [a, b] = first.results.map((r) => r.value as { start: number; end: number });
    expect(a!.start).toBeGreaterThan(1.2);
    expect(a!.end).toBeLessThan(4.5);
    expect(b!.start).toBeGreaterThan(6);
    expect(b!.end).toBeLessThan(9.7);

    // The preview's waveform: reduced in the worker, the length of the file.
    const wave = await engine.getWaveform(0, 200);
    expect(wave.min).toHaveLength(200);
    expect(wave.durationSeconds).toBeCloseTo(11, 0);
    const loudest = (from: number, to: number) =>
      Math.max(...Array.from(wave.max.slice(from, to)).map(Math.abs));
    // Louder inside the first phrase (2–4 s) than in the lead-in (0–1 s).
    expect(loudest(37, 72)).toBeGreaterThan(4 * loudest(0, 17));
    await expect(engine.getWaveform(1, 10)).rejects.toThrow(/broken\.wav/);

    const exported = await engine.exportFile('tasks-with-predictions');
    const tasks = JSON.parse(await exported.blob.text()) as {
      data: Record<string, unknown>;
      predictions: LsPrediction[];
    }[];
    expect(exported.written).toBe(2);
    expect(tasks.map((t) => t.data.audio)).toEqual([
      'speech-two-phrases-16k.wav',
      'speech-44k-stereo.wav',
    ]);

    // The CLI's predictor (onnxruntime-node) on the same files and config, --conf 0.
    const { openCliPackage, createPackagePredictor } = await import('../cli/predictors/package');
    const args = { model: 'silero-vad', backend: 'node' as const, conf: 0 };
    const cliModel = await openCliPackage(args);
    const predictor = await createPackagePredictor(cliModel!, parseLabelingConfig(CONFIG), args);
    try {
      for (const [i, task] of tasks.entries()) {
        const name = String(task.data.audio);
        const cli = await predictor.predict(
          { data: task.data },
          i,
          audioStreamOf(new Uint8Array(bytesOf(name)), name),
        );
        const app = task.predictions[0]!;
        expect(app.model_version).toBe(cli.prediction.model_version);
        expect(app.result.map((r) => r.id)).toEqual(cli.prediction.result.map((r) => r.id));
        // Region times to the millisecond (two WASM/native runtimes), labels and scores close.
        const rounded = (rs: typeof app.result) =>
          regionsOf(rs).map(([s, e, l]) => [Number(s).toFixed(3), Number(e).toFixed(3), l]);
        expect(rounded(app.result)).toEqual(rounded(cli.prediction.result));
        for (const [j, r] of app.result.entries()) {
          expect(r.score).toBeCloseTo(cli.prediction.result[j]!.score!, 3);
        }
        expect(app.score).toBeCloseTo(cli.prediction.score!, 3);
      }
    } finally {
      await predictor.release();
    }
  });

  it('reads a JSON task whose audio is a URL; a fetch that failed works on retry', async () => {
    const { engine } = await audioEngine();
    const json = JSON.stringify([
      { id: 11, data: { audio: `${BASE}media/remote.wav` } },
      { id: 12, data: { audio: '/data/upload/1/0a1b2c3d-speech-44k-stereo.wav' } },
      { id: 13, data: { other: 1 } },
    ]);
    await engine.setTaskSources({
      taskFiles: [{ file: new File([json], 'tasks.json'), path: 'tasks.json' }],
      mediaFiles: [dropped('speech-44k-stereo.wav')],
    });
    remoteFailures = 1;
    const run = await engine.run(REQUEST, () => undefined);
    expect(run.failures).toEqual([
      expect.objectContaining({
        index: 0,
        name: 'remote.wav',
        stage: 'audio',
        message: `HTTP 503 fetching ${BASE}media/remote.wav`,
      }),
      expect.objectContaining({
        index: 2,
        name: 'task #13',
        message: expect.stringMatching(/no audio URL under data\.audio/),
      }),
    ]);
    // The Label Studio upload path found the dropped file by its name.
    expect((await engine.getTaskView(1)).results.length).toBeGreaterThan(0);

    const retried = await engine.retryFailed(() => undefined);
    expect(retried.failures.map((f) => f.index)).toEqual([2]);
    const remote = await engine.getTaskView(0);
    expect(remote.audio?.source).toEqual({ kind: 'url', url: `${BASE}media/remote.wav` });
    expect(regionsOf(remote.results)).toHaveLength(2);
  });
});

/** A folder as the page sends a dropped package: every file, paths relative to it. */
function droppedFolder(dir: string): { file: File; path: string }[] {
  const walk = (at: string): string[] =>
    readdirSync(at, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(at, e.name)) : [join(at, e.name)],
    );
  return walk(dir).map((full) => {
    const path = relative(dir, full).split('\\').join('/');
    return { file: new File([readFileSync(full)], path.split('/').pop()!), path };
  });
}

const FEATURES = resolve(MODELS, 'openwakeword-embedding');
const packagesPresent =
  present &&
  fixturesPresent(
    'audio model folders through the engine',
    WHISPER_TOKENIZER_DIR,
    join(FEATURES, 'melspectrogram.onnx'),
  );

describe.skipIf(!packagesPresent)('Engine on dropped audio model folders', () => {
  const dir = mkdtempSync(join(tmpdir(), 'prelabel-engine-audio-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const speech = () => ({ taskFiles: [], mediaFiles: [dropped('speech-two-phrases-16k.wav')] });

  async function packageEngine(config: string, folder: string) {
    const engine = new Engine();
    expect((await engine.setConfig(config)).ok).toBe(true);
    await engine.setTaskSources(speech());
    const model = await engine.loadModel({
      source: { kind: 'package', name: basename(folder), files: droppedFolder(folder) },
      backend: 'wasm',
      regionModelBaseUrl: `${BASE}models/silero-vad/`,
    });
    return { engine, model };
  }

  it('a Whisper folder writes a transcript per VAD segment, as the CLI does', async () => {
    const whisper = join(dir, 'whisper');
    writeTinyWhisper(whisper, { cached: true });
    const config = `<View>
      <AudioPlus name="audio" value="$audio"/>
      <Labels name="speech" toName="audio"><Label value="Speech"/></Labels>
      <TextArea name="said" toName="audio" perRegion="true"/>
    </View>`;
    const { engine, model } = await packageEngine(config, whisper);
    expect(model.kind).toBe('audio-textarea');
    const run = await engine.run(REQUEST, () => undefined);
    expect(run.failures).toEqual([]);
    // The model_version the page shows before the run (it knows the VAD's hash from the load).
    const audio = { fromName: 'speech', toName: 'audio', mapping: { speech: 'Speech' } };
    const shown = await requestModelVersion(model, {
      ...REQUEST,
      audio: { ...audio, mode: 'regions' },
    });
    expect(shown).toBe(run.modelVersion);
    const view = await engine.getTaskView(0);
    // Two segments (labels), each with its transcript (textarea of the same id).
    expect(view.results.map((r) => [r.type, r.value.text ?? r.value.labels])).toEqual([
      ['labels', ['Speech']],
      ['textarea', ['Hello world.']],
      ['labels', ['Speech']],
      ['textarea', ['Hello world.']],
    ]);
    expect(view.results[1]!.id).toBe(view.results[0]!.id);

    const { openCliPackage, createPackagePredictor } = await import('../cli/predictors/package');
    const args = { model: whisper, backend: 'node' as const, conf: 0 };
    const predictor = await createPackagePredictor(
      (await openCliPackage(args))!,
      parseLabelingConfig(config),
      args,
    );
    try {
      const name = 'speech-two-phrases-16k.wav';
      const cli = await predictor.predict(
        { data: { audio: name } },
        0,
        audioStreamOf(new Uint8Array(bytesOf(name)), name),
      );
      expect(run.modelVersion).toBe(cli.prediction.model_version);
      expect(view.results.map((r) => [r.id, r.type, r.value.text])).toEqual(
        cli.prediction.result.map((r) => [r.id, r.type, r.value.text]),
      );
    } finally {
      await predictor.release();
    }
  });

  it('a Whisper folder with a plain <TextArea> transcribes the whole file', async () => {
    const whisper = join(dir, 'whisper-whole');
    writeTinyWhisper(whisper, { cached: false });
    const { engine } = await packageEngine(
      '<View><Audio name="audio" value="$audio"/><TextArea name="said" toName="audio"/></View>',
      whisper,
    );
    const run = await engine.run(REQUEST, () => undefined);
    expect(run.failures).toEqual([]);
    const view = await engine.getTaskView(0);
    expect(view.results.map((r) => [r.type, r.from_name])).toEqual([['textarea', 'said']]);
    expect(String(view.results[0]!.value.text)).toMatch(/Hello world\./);
  });

  it('a sound classifier folder answers the clip <Choices>', async () => {
    const sound = join(dir, 'sound');
    mkdirSync(sound);
    for (const f of ['melspectrogram.onnx', 'embedding_model.onnx'])
      copyFileSync(join(FEATURES, f), join(sound, f));
    let seed = 5;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.1;
    const head = {
      classNames: ['speech', 'music'],
      weights: [0, 1].map(() => Array.from({ length: 192 }, random)),
      bias: [0, 0],
    };
    writeFileSync(join(sound, 'head.json'), JSON.stringify(head));
    const { engine, model } = await packageEngine(
      `<View><Audio name="clip" value="$audio"/>
        <Choices name="kind" toName="clip"><Choice value="Speech"/><Choice value="Music"/></Choices></View>`,
      sound,
    );
    expect(model).toMatchObject({ kind: 'audio-choices', classNames: ['speech', 'music'] });
    const run = await engine.run(
      { ...REQUEST, options: { ...REQUEST.options, confidence: 0.5 } },
      () => undefined,
    );
    expect(run.failures).toEqual([]);
    const view = await engine.getTaskView(0);
    expect(view.results).toHaveLength(1);
    expect(view.results[0]).toMatchObject({ type: 'choices', from_name: 'kind' });
    expect(['Speech', 'Music']).toContain((view.results[0]!.value.choices as string[])[0]);
  });
});
