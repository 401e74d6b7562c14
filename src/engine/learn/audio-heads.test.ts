// Audio heads in the app's worker, in Node through the Engine (onnxruntime-web
// WASM as the worker runs it, the built-in openWakeWord features read over
// HTTP from the page's models/ folder), on real spoken digits
// (../shared/datasets/fsdd): the head trained in the worker predicts as
// `prelabel train` + `prelabel predict` do on the same annotations; its
// export (the sound-class folder, zipped) runs with `prelabel predict --model`
// under the model_version "Use for a run" gives; a head from `prelabel train`
// imports and runs as the CLI runs it; an undecodable clip is named and
// skipped; a retrain decodes no clip again (only the one that failed).
import 'fake-indexeddb/auto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main';
import type { LsPrediction } from '../../core/results/types';
import { unzipFolder, zipFolder } from '../../models/predictor/package-zip';
import { fixturesPresent } from '../../../test/require-fixtures';
import { tempDirsRemovedAfterAll } from '../../../test/temp-dirs';
import { textSink } from '../../../test/text-sink';
import type { RunRequest } from '../api';
import { Engine } from '../engine';

vi.mock('../web-runtime', async (actual) => {
  const real = await actual<typeof import('../web-runtime')>();
  const { nodeRuntime } = await import('../../models/predictor/node-runtime');
  // The worker's runtime (onnxruntime-web, WASM), without the browser's backend probing.
  return { ...real, webRuntime: () => ({ ...nodeRuntime('wasm'), backends: [] }) };
});

const FSDD = resolve(process.cwd(), '../shared/datasets/fsdd');
const MODELS = resolve(process.cwd(), 'public/models');
const FEATURES = join(MODELS, 'openwakeword-embedding');
const have = fixturesPresent(
  'audio heads in the worker',
  FSDD,
  join(FEATURES, 'melspectrogram.onnx'),
  join(FEATURES, 'embedding_model.onnx'),
);
const makeTempDir = tempDirsRemovedAfterAll();

const BASE = 'http://app.test/';
const DIGITS = ['0', '1', '2'];
const SPEAKERS = ['george', 'jackson', 'lucas', 'nicolas', 'theo', 'yweweler'];
const CONFIG = `<View><Audio name="audio" value="$audio"/><Choices name="digit" toName="audio">${DIGITS.map(
  (d) => `<Choice value="${d}"/>`,
).join('')}</Choices></View>`;
/** --conf 0 on both sides: every clip gets its top digit. */
const REQUEST: RunRequest = { targets: [], options: { confidence: 0, iou: 0, maxDetections: 0 } };
/** A WAV header that promises data the file does not hold. */
const BROKEN = new Uint8Array([
  ...new TextEncoder().encode('RIFF'),
  ...[0xff, 0xff, 0, 0],
  ...new TextEncoder().encode('WAVEfmt '),
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9],
]);

/** Recordings 0 and 1 of every speaker annotated (36), the broken clip annotated, recording 2 of two speakers not. */
const CLIPS = [
  ...DIGITS.flatMap((digit) =>
    SPEAKERS.flatMap((s) => [0, 1].map((i) => ({ file: `${digit}_${s}_${i}.wav`, digit }))),
  ),
  { file: 'broken.wav', digit: '1' },
  ...DIGITS.flatMap((digit) =>
    ['george', 'theo'].map((s) => ({ file: `${digit}_${s}_2.wav`, digit: null })),
  ),
];
const bytesOf = (file: string) =>
  file === 'broken.wav' ? BROKEN : new Uint8Array(readFileSync(join(FSDD, file[0]!, file)));

/** Label Studio tasks naming each clip by `audioOf(file)`. */
function tasksJson(audioOf: (file: string) => string): string {
  return JSON.stringify(
    CLIPS.map((c, i) => ({
      id: i + 1,
      data: { audio: audioOf(c.file) },
      annotations: c.digit
        ? [
            {
              id: i + 1,
              result: [
                {
                  from_name: 'digit',
                  to_name: 'audio',
                  type: 'choices',
                  value: { choices: [c.digit] },
                },
              ],
            },
          ]
        : [],
    })),
  );
}

/** The page's HTTP: only its models/ folder. */
async function serve(input: RequestInfo | URL): Promise<Response> {
  const url = new URL(String(input instanceof Request ? input.url : input));
  if (!url.pathname.startsWith('/models/')) return new Response('not found', { status: 404 });
  const body = readFileSync(resolve(MODELS, url.pathname.slice('/models/'.length)));
  return new Response(body, { headers: { 'content-type': 'application/octet-stream' } });
}

/** The CLI; `failedTasks`: exit code 1 (some task failed: the broken clip) is expected. */
async function cli(args: string[], failedTasks = false) {
  const out = textSink();
  const err = textSink();
  const code = await main(args, out.stream, err.stream);
  if (code !== (failedTasks ? 1 : 0)) {
    throw new Error(`prelabel ${args[0]} exited ${code}: ${err.text()}`);
  }
  return { stdout: out.text(), stderr: err.text() };
}

/** The dropped clips whose bytes were read (a retrain reads only the one that failed). */
const reads: string[] = [];
class CountedFile extends File {
  override arrayBuffer() {
    reads.push(this.name);
    return super.arrayBuffer();
  }
}

type Predicted = { predictions: LsPrediction[] }[];
const choiceOf = (p: LsPrediction | undefined) =>
  (p?.result[0]?.value as { choices?: string[] } | undefined)?.choices?.[0];

describe.skipIf(!have)('audio heads in the worker (openWakeWord features, WASM)', () => {
  let dir = '';
  const engine = new Engine();

  beforeAll(async () => {
    vi.stubGlobal('fetch', vi.fn(serve));
    dir = makeTempDir('prelabel-worker-audio-head-');
    mkdirSync(join(dir, 'clips'));
    for (const c of CLIPS) writeFileSync(join(dir, 'clips', c.file), bytesOf(c.file));
    writeFileSync(join(dir, 'config.xml'), CONFIG);
    writeFileSync(
      join(dir, 'tasks.json'),
      tasksJson((f) => join(dir, 'clips', f)),
    );
    expect((await engine.setConfig(CONFIG)).ok).toBe(true);
    await engine.setTaskSources({
      taskFiles: [{ file: new File([tasksJson((f) => f)], 'tasks.json'), path: 'tasks.json' }],
      mediaFiles: CLIPS.map((c) => ({
        file: new CountedFile([bytesOf(c.file)], c.file, { type: 'audio/wav' }),
        path: c.file,
      })),
    });
  });
  afterAll(() => vi.unstubAllGlobals());

  /** "Use for a run": the exported file loaded as the page's model, every task run. */
  async function useForARun(file: File): Promise<{ modelVersion: string; tasks: Predicted }> {
    const model = await engine.loadModel({
      source: { kind: 'package', name: file.name, files: [{ file, path: file.name }] },
      backend: 'wasm',
    });
    expect(model).toMatchObject({ kind: 'audio-choices', classNames: DIGITS });
    const run = await engine.run(REQUEST, () => undefined);
    expect(run.failures).toEqual([expect.objectContaining({ name: 'broken.wav', stage: 'audio' })]);
    const exported = await engine.exportFile('tasks-with-predictions');
    const tasks = JSON.parse(await exported.blob.text()) as (Predicted[number] & {
      data: { audio: string };
    })[];
    // Every clip but the broken one, in task order.
    expect(tasks.map((t) => t.data.audio)).toEqual(
      CLIPS.filter((c) => c.file !== 'broken.wav').map((c) => c.file),
    );
    return { modelVersion: String(run.modelVersion), tasks };
  }

  /** `prelabel predict --model <path> --conf 0` on the same clips, the broken one left out. */
  async function cliPredict(model: string, out: string): Promise<Predicted> {
    await cli(
      [
        'predict',
        ...['--config', join(dir, 'config.xml'), '--tasks', join(dir, 'tasks.json')],
        ...['--model', model, '--conf', '0', '--out', out],
      ],
      true,
    );
    const written = JSON.parse(readFileSync(out, 'utf8')) as (Predicted[number] & {
      data: { audio: string };
    })[];
    // The broken clip's task fails (named on stderr) and is not written.
    expect(written.map((t) => t.data.audio)).toEqual(
      CLIPS.filter((c) => c.file !== 'broken.wav').map((c) => join(dir, 'clips', c.file)),
    );
    return written;
  }

  /** Same digit per clip, scores close (a WASM and a native runtime). */
  function expectSamePredictions(app: Predicted, theirs: Predicted) {
    expect(app).toHaveLength(theirs.length);
    app.forEach((t, i) => {
      const mine = t.predictions[0];
      const other = theirs[i]!.predictions[0];
      expect(choiceOf(mine)).toBe(choiceOf(other));
      expect(mine?.score).toBeCloseTo(other?.score as number, 3);
    });
  }

  let trainedZip: File | null = null;

  it('trains in the worker; the undecodable clip is named and skipped', async () => {
    await engine.learnSetModelsBase(`${BASE}models/`);
    const trained = await engine.learnTrain();
    expect(trained.version).toMatchObject({
      id: 1,
      modelVersion: 'dense-logreg@36-annotations',
      annotationCount: 36,
      control: 'digit',
      labels: DIGITS,
      origin: 'trained',
      fileName: 'dense-logreg@36-annotations.zip',
      audioFolder: 'dense-logreg@36-annotations',
    });
    expect(trained.version.quality).toMatchObject({ method: 'k-fold', folds: 5, examples: 36 });
    expect(trained.notes).toMatchObject({ tasks: CLIPS.length, examples: 36, unannotatedTasks: 6 });
    expect(trained.notes.problems).toEqual([
      expect.stringMatching(
        /^task 37( \(id \d+\))?: audio "broken\.wav": broken\.wav: .*; not learnt from$/,
      ),
    ]);

    // A retrain decodes no clip again (the embeddings are kept per clip), but tries the failed one again.
    reads.length = 0;
    const again = await engine.learnTrain();
    expect(again.version.id).toBe(2);
    expect(reads).toEqual(['broken.wav']);
    await engine.learnRollback(1);
    expect((await engine.learnState()).currentId).toBe(1);
  }, 300_000);

  it('predicts as prelabel train + predict do on the same annotations', async () => {
    const exported = await engine.learnExportHead();
    expect(exported.blob.type).toBe('application/zip');
    trainedZip = new File([await exported.blob.arrayBuffer()], exported.fileName);
    const { name, files } = unzipFolder(
      exported.fileName,
      new Uint8Array(await trainedZip.arrayBuffer()),
    );
    expect(name).toBe('dense-logreg@36-annotations');
    expect([...files.keys()].sort()).toEqual([
      'LICENSE.txt',
      'embedding_model.onnx',
      'head.json',
      'melspectrogram.onnx',
    ]);
    expect(files.get('embedding_model.onnx')).toEqual(
      new Uint8Array(readFileSync(join(FEATURES, 'embedding_model.onnx'))),
    );

    const trained = await cli([
      'train',
      ...['--config', join(dir, 'config.xml'), '--tasks', join(dir, 'tasks.json')],
      ...['--out', join(dir, 'digits')],
    ]);
    expect(trained.stderr).toMatch(/task 37: .*broken\.wav.*; not learnt from/);
    // The same head: the same classes, weights equal to float precision across the two runtimes.
    const ours = JSON.parse(new TextDecoder().decode(files.get('head.json'))) as {
      classNames: string[];
      weights: number[][];
    };
    const theirs = JSON.parse(readFileSync(join(dir, 'digits', 'head.json'), 'utf8')) as {
      classNames: string[];
      weights: number[][];
    };
    expect(Object.keys(ours).sort()).toEqual(['bias', 'classNames', 'weights']);
    expect(ours.classNames).toEqual(theirs.classNames);
    ours.weights.forEach((row, c) =>
      row.forEach((w, j) => expect(w).toBeCloseTo(theirs.weights[c]![j]!, 3)),
    );

    const app = await useForARun(trainedZip);
    const cliTrained = await cliPredict(join(dir, 'digits'), join(dir, 'cli-trained.json'));
    expectSamePredictions(app.tasks, cliTrained);
    // The training clips come back mostly as annotated.
    const right = app.tasks
      .slice(0, 36)
      .filter((t, i) => choiceOf(t.predictions[0]) === CLIPS[i]!.digit).length;
    expect(right).toBeGreaterThanOrEqual(30);

    // The export runs with prelabel predict --model <zip> under the run's model_version.
    const zipPath = join(dir, exported.fileName);
    writeFileSync(zipPath, new Uint8Array(await trainedZip.arrayBuffer()));
    const fromZip = await cliPredict(zipPath, join(dir, 'cli-zip.json'));
    expect(app.modelVersion).toMatch(/^dense-logreg@36-annotations@[0-9a-f]{8}$/);
    for (const t of [...app.tasks, ...fromZip]) {
      expect(t.predictions[0]?.model_version).toBe(app.modelVersion);
    }
    expectSamePredictions(app.tasks, fromZip);
  }, 300_000);

  it('imports the folder prelabel train wrote (zipped, or its head.json) and runs it as the CLI does', async () => {
    const folder = join(dir, 'digits');
    const files = Object.fromEntries(
      readdirSync(folder).map((f) => [f, new Uint8Array(readFileSync(join(folder, f)))]),
    );
    const zip = new File([zipFolder('digits', files) as Uint8Array<ArrayBuffer>], 'digits.zip');
    const state = await engine.learnImportHead(zip);
    const imported = state.versions.at(-1);
    expect(imported).toMatchObject({
      origin: 'imported',
      control: 'digit',
      labels: DIGITS,
      modelVersion: 'digits',
      audioFolder: 'digits',
      fileName: 'digits.zip',
    });
    expect(state.currentId).toBe(imported?.id);
    const exported = await engine.learnExportHead();
    const app = await useForARun(new File([await exported.blob.arrayBuffer()], exported.fileName));
    const theirs = await cliPredict(folder, join(dir, 'cli-folder.json'));
    expect(app.modelVersion).toBe(theirs[0]?.predictions[0]?.model_version);
    expectSamePredictions(app.tasks, theirs);

    // head.json alone: named after the file; a head of other labels is refused by name.
    const lone = await engine.learnImportHead(new File([files['head.json']!], 'head.json'));
    expect(lone.versions.at(-1)).toMatchObject({ audioFolder: 'head', fileName: 'head.zip' });
    const zeros = () => new Array<number>(192).fill(0);
    const other = { classNames: ['cat', 'dog'], weights: [zeros(), zeros()], bias: [0, 0] };
    await expect(
      engine.learnImportHead(new File([JSON.stringify(other)], 'pets.json')),
    ).rejects.toThrow(
      /pets\.json is an audio head: the labeling config has no <Choices> on an <Audio> with its labels \(cat, dog\)/,
    );
    const bad = {
      ...other,
      weights: [
        [1, 2],
        [3, 4],
      ],
    };
    await expect(
      engine.learnImportHead(new File([JSON.stringify(bad)], 'short.json')),
    ).rejects.toThrow(/short\.json: not an audio head \(.*2 weights, the embedding 192/);
  }, 300_000);
});
