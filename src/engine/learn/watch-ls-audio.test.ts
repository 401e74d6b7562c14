// The watch loop on an audio project of the Label Studio test server (spoken
// digits from ../shared/datasets/fsdd uploaded to it, fetched with the token
// as audio runs fetch them), on the built-in openWakeWord feature models and
// the worker's runtime (onnxruntime-web, WASM): annotations train an audio
// head and the unlabelled clips get its predictions, those `prelabel predict
// --model <export.zip>` gives for the same clips (the model_version of "Use
// for a run" at the default threshold). A clip that cannot be fetched or
// decoded is named and left out; the rest goes on.
import 'fake-indexeddb/auto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startLsTestServer, type LsTestServer } from '../../../test/ls-test-server';
import { fixturesPresent } from '../../../test/require-fixtures';
import { tempDirsRemovedAfterAll } from '../../../test/temp-dirs';
import { textSink } from '../../../test/text-sink';
import { main } from '../../cli/main';
import { FAST_RETRY } from '../../core/ls-client/test-fixtures';
import type { LsPrediction } from '../../core/results/types';
import { openLsDb } from '../ls/ls-db';
import { LsSession } from '../ls/session';
import { EngineLearn, projectScope } from './engine-learn';
import { watchHost } from './test-fixtures';
import { countingRuntime } from '../../../test/counting-runtime';
import { FakeClock } from './fake-clock';
import type { WatchStatus } from './types';
import { MemoryVersionStore } from './version-store';

const FSDD = resolve(process.cwd(), '../shared/datasets/fsdd');
const FEATURES = resolve(process.cwd(), 'public/models/openwakeword-embedding');
const have = fixturesPresent(
  'the watch on an audio project',
  FSDD,
  join(FEATURES, 'melspectrogram.onnx'),
  join(FEATURES, 'embedding_model.onnx'),
);
const makeTempDir = tempDirsRemovedAfterAll();

const DIGITS = ['0', '1', '2'];
const SPEAKERS = ['george', 'jackson', 'lucas'];
const CONFIG = `<View><AudioPlus name="audio" value="$audio"/><Choices name="digit" toName="audio">${DIGITS.map(
  (d) => `<Choice value="${d}"/>`,
).join('')}</Choices></View>`;

const open: LsTestServer[] = [];
let dbCount = 0;
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

const annotation = (id: number, digit: string) => ({
  id,
  result: [{ from_name: 'digit', to_name: 'audio', type: 'choices', value: { choices: [digit] } }],
  created_at: '2026-12-01T10:00:00Z',
  updated_at: '2026-12-01T10:00:00Z',
});

const clip = (file: string) => join(FSDD, file[0] as string, file);

/**
 * Tasks 1–9: recording 0 of 3 speakers per digit, annotated; 10: annotated,
 * its upload missing; 11–13: unlabelled (recording 1 of theo, per digit);
 * 14: unlabelled, not audio.
 */
function project() {
  const uploads: Record<string, Uint8Array> = {};
  const local: Record<number, string> = {};
  const tasks: Record<string, unknown>[] = [];
  const add = (file: string | null, name: string, digit?: string) => {
    const id = tasks.length + 1;
    if (file) {
      uploads[`1/${name}`] = new Uint8Array(readFileSync(clip(file)));
      local[id] = clip(file);
    }
    tasks.push({
      id,
      data: { audio: `/data/upload/1/${name}` },
      annotations: digit ? [annotation(100 + id, digit)] : [],
      total_annotations: digit ? 1 : 0,
      is_labeled: Boolean(digit),
    });
  };
  for (const digit of DIGITS) {
    for (const s of SPEAKERS) add(`${digit}_${s}_0.wav`, `${digit}_${s}_0.wav`, digit);
  }
  add(null, 'gone.wav', '1');
  for (const digit of DIGITS) add(`${digit}_theo_1.wav`, `${digit}_theo_1.wav`);
  add(null, 'notes.wav');
  uploads['1/notes.wav'] = new TextEncoder().encode('not a recording');
  return { uploads, local, tasks };
}

async function cli(args: string[]) {
  const out = textSink();
  const err = textSink();
  const code = await main(args, out.stream, err.stream);
  if (code !== 0) throw new Error(`prelabel ${args[0]} exited ${code}: ${err.text()}`);
}

const choiceOf = (p: { result?: unknown } | undefined) =>
  ((p?.result as LsPrediction['result'] | undefined)?.[0]?.value as { choices?: string[] })
    ?.choices?.[0];

describe.skipIf(!have)('watching a Label Studio audio project (openWakeWord features)', () => {
  it('trains an audio head on the annotated clips and pushes its predictions to the unlabelled ones', async () => {
    const { uploads, local, tasks } = project();
    const server = await startLsTestServer({
      projects: [{ id: 1, title: 'Digits', label_config: CONFIG, tasks: tasks as never }],
      uploads,
    });
    open.push(server);
    const session = new LsSession({
      client: { retry: FAST_RETRY, timeoutMs: 10_000 },
      openDb: () => openLsDb(`prelabel-watch-audio-${++dbCount}`),
      progressIntervalMs: 0,
    });
    const connection = { url: server.url, token: server.state.legacyToken, remember: false };
    expect((await session.connect(connection)).ok).toBe(true);
    expect((await session.loadProject(1, {})).ok).toBe(true);
    const clock = new FakeClock();
    const learn = new EngineLearn(watchHost(session), {
      openStore: async () => new MemoryVersionStore(),
      clock,
      // Counts the feature models' session runs.
      runtime: countingRuntime(() => runs++),
      // The built-in feature models, as the page's models/ folder serves them.
      featureFile: async (name) => new Uint8Array(readFileSync(join(FEATURES, name))),
    });
    let runs = 0;
    const statuses: WatchStatus[] = [];
    const before = server.state.requests.length;
    await learn.learnWatchStart({ intervalSeconds: 30 }, (s) => statuses.push(s));
    const loop = learn.watchLoop!;
    await loop.idle();

    expect(loop.status.error).toBeUndefined();
    // Trained on the 9 clips it could read; task 10's missing upload is named and left out.
    expect(loop.status.lastTrained).toMatchObject({ versionId: 1 });
    expect(loop.status.lastTrained?.notes.examples).toBe(9);
    expect(loop.status.lastTrained?.notes.problems).toEqual([
      expect.stringMatching(
        /^task 10 \(id 10\): audio "\/data\/upload\/1\/gone\.wav": .*not learnt from$/,
      ),
    ]);
    // Pushed to the three unlabelled clips; the one that is no recording is named and left out.
    const push = loop.status.lastPush!;
    expect(push).toMatchObject({ sent: 3, failed: 1, tasks: 4 });
    expect(push.modelVersion).toMatch(/^dense-logreg@9-annotations@[0-9a-f]{8}$/);
    expect(push.problems).toEqual([
      expect.stringMatching(/^task #14 \("\/data\/upload\/1\/notes\.wav"\): /),
    ]);
    // The clips came from the server with the token, as an audio run fetches them.
    const media = server.state.requests.slice(before).filter((r) => r.url.startsWith('/data/'));
    const clips = tasks.map((t) => (t.data as { audio: string }).audio);
    expect(media.map((r) => r.url)).toEqual(expect.arrayContaining(clips));
    expect(media.every((r) => r.authorization === `Token ${server.state.legacyToken}`)).toBe(true);
    for (const id of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 14]) {
      expect(server.state.predictionsFor(id)).toEqual([]);
    }

    // What the CLI predicts for the same clips with the exported head (the zip "Use for a run" loads).
    const dir = makeTempDir('prelabel-watch-audio-');
    const head = await learn.learnExportHead(1);
    expect(head.fileName).toBe('dense-logreg@9-annotations.zip');
    const headPath = join(dir, head.fileName);
    writeFileSync(headPath, new Uint8Array(await head.blob.arrayBuffer()));
    writeFileSync(join(dir, 'config.xml'), CONFIG);
    writeFileSync(
      join(dir, 'tasks.json'),
      JSON.stringify([11, 12, 13].map((id) => ({ id, data: { audio: local[id] } }))),
    );
    const out = join(dir, 'predicted.json');
    const flags = ['--config', join(dir, 'config.xml'), '--tasks', join(dir, 'tasks.json')];
    await cli(['predict', ...flags, '--model', headPath, '--out', out]);
    const theirs = (JSON.parse(readFileSync(out, 'utf8')) as { predictions: LsPrediction[] }[]).map(
      (t) => t.predictions[0] as LsPrediction,
    );
    [11, 12, 13].forEach((id, k) => {
      const [posted] = server.state.predictionsFor(id);
      const cliPrediction = theirs[k] as LsPrediction;
      expect(posted?.model_version).toBe(cliPrediction.model_version);
      expect(posted?.model_version).toBe(push.modelVersion);
      expect(DIGITS).toContain(choiceOf(posted));
      expect(choiceOf(posted)).toBe(choiceOf(cliPrediction));
      expect(posted?.score).toBeCloseTo(cliPrediction.score as number, 3);
    });

    // A new annotation: a retrain on 10, pushed to the clips still unlabelled.
    // Every clip embedded before (for training or for the push) is kept: the
    // retrain and its push fetch only the two that failed and run no feature
    // model, yet push what the CLI predicts afresh with the new head.
    server.state.annotate(11, [annotation(911, '0')]);
    runs = 0;
    const beforeRetrain = server.state.requests.length;
    clock.advance(30_000);
    await loop.idle();
    expect(loop.status.lastTrained?.notes.examples).toBe(10);
    expect(loop.status.lastPush).toMatchObject({ sent: 2, failed: 1, tasks: 3 });
    const refetched = server.state.requests
      .slice(beforeRetrain)
      .filter((r) => r.url.startsWith('/data/'))
      .map((r) => r.url);
    expect(refetched.sort()).toEqual(['/data/upload/1/gone.wav', '/data/upload/1/notes.wav']);
    expect(runs).toBe(0);
    expect(loop.status.lastPush?.modelVersion).toMatch(/^dense-logreg@10-annotations@/);
    expect(server.state.predictionsFor(12).map((p) => p.model_version)).toEqual([
      push.modelVersion,
      loop.status.lastPush!.modelVersion,
    ]);
    const head2 = await learn.learnExportHead(2);
    const head2Path = join(dir, head2.fileName);
    writeFileSync(head2Path, new Uint8Array(await head2.blob.arrayBuffer()));
    writeFileSync(
      join(dir, 'tasks.json'),
      JSON.stringify([12, 13].map((id) => ({ id, data: { audio: local[id] } }))),
    );
    await cli(['predict', ...flags, '--model', head2Path, '--out', out]);
    const fresh = (JSON.parse(readFileSync(out, 'utf8')) as { predictions: LsPrediction[] }[]).map(
      (t) => t.predictions[0] as LsPrediction,
    );
    [12, 13].forEach((id, k) => {
      const posted = server.state.predictionsFor(id).at(-1);
      expect(posted?.model_version).toBe(fresh[k]?.model_version);
      expect(choiceOf(posted)).toBe(choiceOf(fresh[k]));
      expect(posted?.score).toBeCloseTo(fresh[k]?.score as number, 3);
    });
    const state = await learn.learnState();
    expect(state.scope).toBe(projectScope(session.connected!.server, 1));
    expect(state.versions.map((v) => v.annotationCount)).toEqual([9, 10]);
    await learn.learnWatchStop();
  }, 240_000);
});
