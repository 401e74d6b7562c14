// The watch loop on an image project of the Label Studio test server (flower
// photos uploaded to it, fetched with the token as runs fetch them), with the
// real MobileNetV2-int8 backbone on the worker's runtime (onnxruntime-web,
// WASM): without a backbone the status says so and polling goes on; with one,
// annotations train an image head and the unlabelled tasks get its
// predictions, those `prelabel predict --model head.json --backbone` gives for
// the same photos. A photo that cannot be fetched or decoded is named and
// left out; the rest goes on.
import 'fake-indexeddb/auto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startLsTestServer, type LsTestServer } from '../../../test/ls-test-server';
import { fixturesPresent } from '../../../test/require-fixtures';
import { tempDirsRemovedAfterAll } from '../../../test/temp-dirs';
import { textSink } from '../../../test/text-sink';
import { main } from '../../cli/main';
import { FAST_RETRY } from '../../core/ls-client/test-fixtures';
import type { LsPrediction } from '../../core/results/types';
import { decodeImageRgba } from '../../models/predictor/node-image';
import { nodeRuntime } from '../../models/predictor/node-runtime';
import { openLsDb } from '../ls/ls-db';
import { LsSession } from '../ls/session';
import { EngineLearn, projectScope } from './engine-learn';
import { watchHost } from './test-fixtures';
import { FakeClock } from './fake-clock';
import type { WatchStatus } from './types';
import { MemoryVersionStore } from './version-store';

const shared = resolve(process.cwd(), '../shared');
const BACKBONE = join(shared, 'models', 'mobilenetv2-12-int8.onnx');
const FLOWERS = join(shared, 'datasets', 'flowers5');
const have = fixturesPresent('the watch on an image project', BACKBONE, FLOWERS);
const makeTempDir = tempDirsRemovedAfterAll();

const LABELS = ['daisy', 'roses', 'sunflowers'];
const CONFIG = `<View><Image name="image" value="$image"/><Choices name="flower" toName="image">${LABELS.map(
  (l) => `<Choice value="${l}"/>`,
).join('')}</Choices></View>`;

const open: LsTestServer[] = [];
let dbCount = 0;
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

const annotation = (id: number, label: string) => ({
  id,
  result: [{ from_name: 'flower', to_name: 'image', type: 'choices', value: { choices: [label] } }],
  created_at: '2026-12-01T10:00:00Z',
  updated_at: '2026-12-01T10:00:00Z',
});

/**
 * Tasks 1–9: 3 annotated photos per flower; 10: annotated, its upload missing;
 * 11–12: unlabelled photos (a daisy, a rose); 13: unlabelled, not an image.
 */
function project() {
  const uploads: Record<string, Uint8Array> = {};
  const local: Record<number, string> = {};
  const tasks: Record<string, unknown>[] = [];
  const add = (file: string | null, name: string, label?: string) => {
    const id = tasks.length + 1;
    if (file) {
      uploads[`1/${name}`] = new Uint8Array(readFileSync(file));
      local[id] = file;
    }
    tasks.push({
      id,
      data: { image: `/data/upload/1/${name}` },
      annotations: label ? [annotation(100 + id, label)] : [],
      total_annotations: label ? 1 : 0,
      is_labeled: Boolean(label),
    });
  };
  for (const label of LABELS) {
    const photos = readdirSync(join(FLOWERS, label)).sort();
    for (const f of photos.slice(0, 3)) add(join(FLOWERS, label, f), `${label}-${f}`, label);
  }
  add(null, 'gone.jpg', 'daisy');
  for (const label of ['daisy', 'roses']) {
    const f = readdirSync(join(FLOWERS, label)).sort()[3] as string;
    add(join(FLOWERS, label, f), `${label}-${f}`);
  }
  add(null, 'notes.jpg');
  uploads['1/notes.jpg'] = new TextEncoder().encode('not a picture');
  return { uploads, local, tasks };
}

async function cli(args: string[]) {
  const out = textSink();
  const err = textSink();
  const code = await main(args, out.stream, err.stream);
  if (code !== 0) throw new Error(`prelabel ${args[0]} exited ${code}: ${err.text()}`);
}

describe.skipIf(!have)('watching a Label Studio image project (MobileNetV2-int8)', () => {
  it('waits for a backbone, then trains an image head and pushes its predictions to the unlabelled photos', async () => {
    const { uploads, local, tasks } = project();
    const server = await startLsTestServer({
      projects: [{ id: 1, title: 'Flowers', label_config: CONFIG, tasks: tasks as never }],
      uploads,
    });
    open.push(server);
    const session = new LsSession({
      client: { retry: FAST_RETRY, timeoutMs: 10_000 },
      openDb: () => openLsDb(`prelabel-watch-images-${++dbCount}`),
      progressIntervalMs: 0,
    });
    const connection = { url: server.url, token: server.state.legacyToken, remember: false };
    expect((await session.connect(connection)).ok).toBe(true);
    expect((await session.loadProject(1, {})).ok).toBe(true);
    const clock = new FakeClock();
    const store = new MemoryVersionStore();
    const learn = new EngineLearn(
      watchHost(session, {
        // The CLI's decoder: the same pixels on both sides, so only the runtime differs.
        decodeImage: async (blob) => decodeImageRgba(Buffer.from(await blob.arrayBuffer())),
      }),
      { openStore: async () => store, clock, runtime: () => nodeRuntime('wasm') },
    );
    const statuses: WatchStatus[] = [];
    await learn.learnWatchStart({ intervalSeconds: 30 }, (s) => statuses.push(s));
    const loop = learn.watchLoop!;
    const tick = async () => {
      clock.advance(30_000);
      await loop.idle();
    };
    await loop.idle();

    // No backbone yet: the status says what to do, nothing is pushed, polling goes on.
    expect(loop.status.error?.message).toMatch(
      /labels an <Image>: an image head learns on a backbone; drop one .* under Backbone in Online learning/,
    );
    expect(loop.status.phase).toBe('waiting');
    expect(loop.status.pending).toBe(10);
    await tick();
    expect(loop.status.polls).toBe(2);
    expect(loop.status.error?.message).toMatch(/learns on a backbone/);
    expect(server.state.predictions).toHaveLength(0);

    await learn.learnSetBackbone(
      new File([new Uint8Array(readFileSync(BACKBONE))], 'mobilenetv2-12-int8.onnx'),
    );
    const before = server.state.requests.length;
    await tick();
    expect(loop.status.error).toBeUndefined();
    // Trained on the 9 photos it could read; task 10's missing upload is named and left out.
    expect(loop.status.lastTrained).toMatchObject({ versionId: 1 });
    expect(loop.status.lastTrained?.notes.examples).toBe(9);
    expect(loop.status.lastTrained?.notes.problems).toEqual([
      expect.stringMatching(
        /^task 10 \(id 10\): image "\/data\/upload\/1\/gone\.jpg": .*not learnt from$/,
      ),
    ]);
    // Pushed to the two unlabelled photos; the one that is no picture is named and left out.
    const push = loop.status.lastPush!;
    expect(push).toMatchObject({ sent: 2, failed: 1, tasks: 3 });
    expect(push.modelVersion).toMatch(/^dense-logreg@9-annotations@[0-9a-f]{8}$/);
    expect(push.problems).toEqual([
      expect.stringMatching(/^task #13 \("\/data\/upload\/1\/notes\.jpg"\): /),
    ]);
    // The photos came from the server with the token, as a run fetches them.
    const media = server.state.requests.slice(before).filter((r) => r.url.startsWith('/data/'));
    const images = tasks.map((t) => (t.data as { image: string }).image);
    expect(media.map((r) => r.url)).toEqual(expect.arrayContaining(images));
    expect(media.every((r) => r.authorization === `Token ${server.state.legacyToken}`)).toBe(true);
    for (let id = 1; id <= 10; id++) expect(server.state.predictionsFor(id)).toEqual([]);
    expect(server.state.predictionsFor(13)).toEqual([]);

    // What the CLI predicts for the same photos with the exported head and the same backbone.
    const dir = makeTempDir('prelabel-watch-images-');
    const head = await learn.learnExportHead(1);
    const headPath = join(dir, head.fileName);
    writeFileSync(headPath, await head.blob.text());
    writeFileSync(join(dir, 'config.xml'), CONFIG);
    writeFileSync(
      join(dir, 'tasks.json'),
      JSON.stringify([11, 12].map((id) => ({ id, data: { image: local[id] } }))),
    );
    const out = join(dir, 'predicted.json');
    const flags = ['--config', join(dir, 'config.xml'), '--tasks', join(dir, 'tasks.json')];
    await cli(['predict', ...flags, '--model', headPath, '--backbone', BACKBONE, '--out', out]);
    const theirs = (JSON.parse(readFileSync(out, 'utf8')) as { predictions: LsPrediction[] }[]).map(
      (t) => t.predictions[0] as LsPrediction,
    );
    [11, 12].forEach((id, k) => {
      const [posted] = server.state.predictionsFor(id);
      const cliPrediction = theirs[k] as LsPrediction;
      expect(posted?.model_version).toBe(cliPrediction.model_version);
      const result = posted?.result as LsPrediction['result'];
      expect(result.map((r) => r.value)).toEqual(cliPrediction.result.map((r) => r.value));
      expect(posted?.score).toBeCloseTo(cliPrediction.score as number, 4);
    });

    // A new annotation: a retrain on 10, pushed to the photo still unlabelled.
    const beforeRetrain = server.state.requests.length;
    server.state.annotate(11, [annotation(911, 'daisy')]);
    await tick();
    // Task 12's features are kept from the first push: its photo is not fetched (or decoded)
    // again; task 11's is, as training had not read it yet.
    const refetched = server.state.requests
      .slice(beforeRetrain)
      .filter((r) => r.url.startsWith('/data/'))
      .map((r) => r.url);
    const imageOfTask = (id: number) =>
      (tasks.find((t) => t.id === id)!.data as { image: string }).image;
    expect(refetched).toContain(imageOfTask(11));
    expect(refetched).not.toContain(imageOfTask(12));
    expect(loop.status.lastTrained?.notes.examples).toBe(10);
    expect(loop.status.lastPush).toMatchObject({ sent: 1, failed: 1, tasks: 2 });
    expect(server.state.predictionsFor(12).map((p) => p.model_version)).toEqual([
      push.modelVersion,
      loop.status.lastPush!.modelVersion,
    ]);
    const state = await learn.learnState();
    expect(state.scope).toBe(projectScope(session.connected!.server, 1));
    expect(state.versions.map((v) => v.annotationCount)).toEqual([9, 10]);
    await learn.learnWatchStop();
  }, 240_000);
});
