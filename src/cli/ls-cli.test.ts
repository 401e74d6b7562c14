// `prelabel push` and `prelabel predict --ls-url` end to end against the
// Label Studio test server, in-process (no real network).
import { existsSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startLsTestServer, type LsTestServer } from '../../test/ls-test-server';
import { JsonFilePushJournal, journalPathFor } from './ls-journal-file';
import { main } from './main';
import { fixturesPresent } from '../../test/require-fixtures';
import { tempDirsRemovedAfterAll } from '../../test/temp-dirs';
import { textSink as sink } from '../../test/text-sink';

const makeTempDir = tempDirsRemovedAfterAll();

const CONFIG = `<View>
  <Image name="image" value="$image"/>
  <RectangleLabels name="label" toName="image">
    <Label value="Person"/><Label value="Cat"/><Label value="Cup"/>
  </RectangleLabels>
</View>`;

function box(label: string, modelVersion = 'cli-test@1') {
  return {
    model_version: modelVersion,
    score: 0.7,
    result: [
      {
        id: 'b1',
        from_name: 'label',
        to_name: 'image',
        type: 'rectanglelabels',
        original_width: 64,
        original_height: 48,
        image_rotation: 0,
        value: { x: 5, y: 5, width: 50, height: 50, rotation: 0, rectanglelabels: [label] },
      },
    ],
  };
}

async function run(args: string[], env: Record<string, string> = {}) {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  const out = sink();
  const err = sink();
  try {
    const code = await main(args, out.stream, err.stream);
    return { code, stdout: out.text(), stderr: err.text() };
  } finally {
    for (const k of Object.keys(env)) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  }
}

const servers: LsTestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function server(count: number) {
  const s = await startLsTestServer({
    projects: [
      {
        id: 1,
        title: 'CLI',
        label_config: CONFIG,
        generate: { count, data: (i) => ({ image: `https://img.example/${i}.jpg` }) },
      },
    ],
  });
  servers.push(s);
  return s;
}

const posts = (s: LsTestServer) => s.state.requests.filter((r) => r.method === 'POST');
const perTask = (s: LsTestServer) =>
  s.state.projects.get(1)!.tasks.map((t) => s.state.predictionsFor(t.id).length);

describe('prelabel push', () => {
  it('attaches predictions to existing tasks, journals them, and a re-run sends nothing', async () => {
    const s = await server(25);
    const dir = makeTempDir('prelabel-push-');
    const file = join(dir, 'preds.json');
    writeFileSync(
      file,
      JSON.stringify(s.state.projects.get(1)!.tasks.map((t) => ({ task: t.id, ...box('Cat') }))),
    );
    const args = [
      'push',
      '--ls-url',
      s.url,
      '--project',
      '1',
      '--predictions',
      file,
      '--batch-size',
      '10',
    ];

    const first = await run(args, { LABEL_STUDIO_API_KEY: s.state.legacyToken });
    expect(first.stderr).toMatch(/sent 25, skipped 0, failed 0, invalid 0/);
    expect(first.code).toBe(0);
    expect(perTask(s)).toEqual(Array(25).fill(1));
    const journal = JSON.parse(readFileSync(journalPathFor(file), 'utf8')) as { state: string }[];
    expect(journal.filter((e) => e.state === 'sent')).toHaveLength(25);

    const before = posts(s).length;
    const again = await run(args, { LABEL_STUDIO_API_KEY: s.state.legacyToken });
    expect(again.stderr).toMatch(/sent 0, skipped 25/);
    expect(again.code).toBe(0);
    expect(posts(s).length).toBe(before);
    expect(first.stderr + again.stderr).not.toContain(s.state.legacyToken);
  });

  it('imports new tasks and uploads local images, then attaches their predictions', async () => {
    const s = await server(0);
    const dir = makeTempDir('prelabel-push-');
    writeFileSync(join(dir, 'cat.png'), Uint8Array.from([0x89, 0x50, 0x4e, 0x47]));
    const file = join(dir, 'tasks.json');
    writeFileSync(
      file,
      JSON.stringify([
        { data: { image: 'https://img.example/remote.jpg' }, predictions: [box('Cup')] },
        { data: { image: 'cat.png' }, predictions: [box('Person', 'older@0'), box('Cat')] },
        { data: { image: 'missing.png' }, predictions: [box('Cat')] },
      ]),
    );
    const r = await run([
      'push',
      '--ls-url',
      s.url,
      '--ls-token',
      s.state.legacyToken,
      '--project',
      '1',
      '--predictions',
      file,
    ]);
    expect(r.stderr).toMatch(/record 3: "missing.png" is neither a URL nor a file/);
    expect(r.stderr).toMatch(/sent 2, skipped 0, failed 0, invalid 0/);
    expect(r.code).toBe(1); // one record could not be pushed
    const tasks = s.state.projects.get(1)!.tasks;
    expect(tasks.map((t) => String(t.data.image))).toEqual([
      'https://img.example/remote.jpg',
      expect.stringMatching(/^\/data\/upload\/1\/[0-9a-f]{8}-cat\.png$/),
    ]);
    // The last prediction of a task is the one pushed.
    expect(s.state.predictionsFor(tasks[1]!.id).map((p) => p.model_version)).toEqual([
      'cli-test@1',
    ]);
    expect(perTask(s)).toEqual([1, 1]);
  });

  it('dry run sends nothing; invalid predictions are listed and make the exit code 1', async () => {
    const s = await server(3);
    const dir = makeTempDir('prelabel-push-');
    const file = join(dir, 'p.json');
    const ids = s.state.projects.get(1)!.tasks.map((t) => t.id);
    writeFileSync(
      file,
      JSON.stringify([
        { task: ids[0], ...box('Cat') },
        { task: ids[1], ...box('Giraffe') },
        { task: ids[2], ...box('Cup') },
      ]),
    );
    const base = ['push', '--ls-url', s.url, '--project', '1', '--predictions', file];
    const dry = await run([...base, '--dry-run'], { LABEL_STUDIO_API_KEY: s.state.legacyToken });
    expect(dry.stderr).toMatch(/dry run: would send 2/);
    expect(dry.stderr).toMatch(/invalid: task \d+: .*"Giraffe" is not in/);
    expect(posts(s)).toHaveLength(0);
    expect(existsSync(journalPathFor(file))).toBe(false);

    const report = join(dir, 'report.json');
    const real = await run([...base, '--report', report], {
      LABEL_STUDIO_API_KEY: s.state.legacyToken,
    });
    expect(real.code).toBe(1);
    expect(real.stderr).toMatch(/sent 2, skipped 0, failed 0, invalid 1/);
    const written = JSON.parse(readFileSync(report, 'utf8')) as { summary: { sent: number } };
    expect(written.summary.sent).toBe(2);
    expect(readFileSync(report, 'utf8')).not.toContain(s.state.legacyToken);
  });

  it('survives a dropped connection and a 500 burst: one prediction per task', async () => {
    const s = await server(40);
    s.addFault({
      path: '/api/projects/1/import/predictions',
      action: { kind: 'drop', when: 'after' },
    });
    s.addFault({
      path: '/api/projects/1/import/predictions',
      times: 2,
      action: { kind: 'status', status: 500, retryAfter: '0' },
    });
    const dir = makeTempDir('prelabel-push-');
    const file = join(dir, 'p.json');
    writeFileSync(
      file,
      JSON.stringify(s.state.projects.get(1)!.tasks.map((t) => ({ task: t.id, ...box('Person') }))),
    );
    const r = await run(
      ['push', '--ls-url', s.url, '--project', '1', '--predictions', file, '--batch-size', '10'],
      {
        LABEL_STUDIO_API_KEY: s.state.personalAccessToken,
      },
    );
    expect(r.stderr).toMatch(/sent 40/);
    expect(r.code).toBe(0);
    expect(perTask(s)).toEqual(Array(40).fill(1));
    expect(r.stderr).not.toContain(s.state.personalAccessToken);
  });

  it('pushes the task scores and clusters: Label Studio’s sort by prediction score is prelabel rank’s order', async () => {
    const s = await server(6);
    const ids = s.state.projects.get(1)!.tasks.map((t) => t.id);
    const dir = makeTempDir('prelabel-push-rank-');
    // Scores as prelabel predict writes them; features: two groups of three tasks.
    const predictions = ids.map((id, i) => ({ task: id, ...box('Cat'), score: (i + 1) / 10 }));
    const features = ids.map((id, i) => ({ task: id, features: i < 3 ? [i, 0] : [50 + i, 50] }));
    const file = join(dir, 'preds.json');
    writeFileSync(file, JSON.stringify(predictions));
    writeFileSync(join(dir, 'features.json'), JSON.stringify(features));
    const ranked = join(dir, 'ranked.json');
    const next = join(dir, 'next.json');
    const rank = await run([
      'rank',
      ...['--predictions', file, '--out', next, '--rescore', ranked],
      ...['--strategy', 'diversity', '--k', '2', '--features', join(dir, 'features.json')],
    ]);
    expect(rank.code).toBe(0);
    const order = (JSON.parse(readFileSync(next, 'utf8')) as { tasks: { task: number }[] }).tasks;

    const pushed = await run(
      ['push', '--ls-url', s.url, '--project', '1', '--predictions', ranked],
      { LABEL_STUDIO_API_KEY: s.state.legacyToken },
    );
    expect(pushed.code).toBe(0);
    const stored = ids.map((id) => s.state.predictionsFor(id)[0]!);
    // The Data Manager's "Prediction score" column, ascending (one prediction per task).
    const byScore = [...stored].sort((a, b) => a.score! - b.score!).map((p) => p.task);
    expect(byScore.slice(0, 2)).toEqual(order.map((t) => t.task));
    expect(byScore.slice(2)).toEqual(ids.filter((id) => !byScore.slice(0, 2).includes(id)));
    // Every prediction names its cluster: the batch pick it lies nearest.
    const clusters = stored.map((p) => p.cluster);
    expect(clusters.every((c) => c === 0 || c === 1)).toBe(true);
    expect(new Set(clusters.slice(0, 3)).size).toBe(1);
    expect(new Set(clusters.slice(3)).size).toBe(1);
    expect(clusters[0]).not.toBe(clusters[3]);
  });

  it('pushes the one-meaning score prelabel predict wrote, as written', async () => {
    const s = await server(3);
    const ids = s.state.projects.get(1)!.tasks.map((t) => t.id);
    const dir = makeTempDir('prelabel-push-score-');
    const file = join(dir, 'preds.json');
    // An empty prediction scored by its near miss is pushed like any other.
    const scores = [0.04, 0.93, 1];
    writeFileSync(
      file,
      JSON.stringify(
        ids.map((id, i) => ({
          task: id,
          ...box('Cat'),
          score: scores[i],
          ...(i === 0 ? { result: [] } : {}),
        })),
      ),
    );
    const pushed = await run(['push', '--ls-url', s.url, '--project', '1', '--predictions', file], {
      LABEL_STUDIO_API_KEY: s.state.legacyToken,
    });
    expect(pushed.code).toBe(0);
    expect(ids.map((id) => s.state.predictionsFor(id)[0]!.score)).toEqual(scores);
    expect(ids.map((id) => s.state.predictionsFor(id)[0]!.cluster)).toEqual([null, null, null]);
  });

  it('a wrong token is one clear line, exit 2, and the token is not echoed', async () => {
    const s = await server(1);
    const token = 'not-the-token-0123456789';
    const r = await run([
      'push',
      '--ls-url',
      s.url,
      '--ls-token',
      token,
      '--project',
      '1',
      '--predictions',
      'x.json',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error: Label Studio: Label Studio refused the token \(401/);
    expect(r.stderr).not.toContain(token);
  });

  it('usage errors name what is missing', async () => {
    const r = await run(
      ['push', '--ls-url', 'http://x', '--project', '1', '--predictions', 'p.json'],
      { LABEL_STUDIO_API_KEY: '' },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /--ls-token \(or the environment variable LABEL_STUDIO_API_KEY\) is required/,
    );
    const p = await run([
      'predict',
      '--ls-url',
      'http://x',
      '--config',
      'c.xml',
      '--model',
      'm',
      '--out',
      'o',
    ]);
    expect(p.stderr).toMatch(/leave out --config and --tasks/);
  });
});

describe('push journal file', () => {
  it('stays valid JSON after each append, last entry wins, and survives a torn write', async () => {
    const dir = makeTempDir('prelabel-journal-');
    const path = join(dir, 'j.json');
    const j = await JsonFilePushJournal.open(path);
    await j.setMany([
      ['a', { state: 'uncertain' }],
      ['b', { state: 'uncertain' }],
    ]);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toHaveLength(2);
    await Promise.all([
      j.set('a', { state: 'sent', taskId: 4 }),
      j.set('b', { state: 'failed', reason: 'no' }),
    ]);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toHaveLength(4);

    const reopened = await JsonFilePushJournal.open(path);
    expect(await reopened.get('a')).toEqual({ state: 'sent', taskId: 4 });
    expect(await reopened.get('b')).toEqual({ state: 'failed', reason: 'no' });

    // A crash mid-append: the file ends inside a line.
    writeFileSync(path, readFileSync(path, 'utf8').replace(/\n\]\n$/, ',\n{"key":"c","sta'));
    const torn = await JsonFilePushJournal.open(path);
    expect(await torn.get('a')).toEqual({ state: 'sent', taskId: 4 });
    expect(await torn.get('c')).toBeUndefined();
    await torn.set('d', { state: 'sent' });
    expect(JSON.parse(readFileSync(path, 'utf8')).map((e: { key: string }) => e.key)).toEqual([
      'a',
      'b',
      'd',
    ]);
  });
});

const shared = resolve(process.cwd(), '../shared');
const haveShared = fixturesPresent(
  'predict --ls-url with a real model',
  join(shared, 'models/yolov8n-int8dyn-320.onnx'),
);

describe.skipIf(!haveShared)('prelabel predict --ls-url (real model)', () => {
  it('reads config and tasks from the project, fetches images with the token, and push sends the result', async () => {
    const images = ['astronaut.png', 'chelsea.png', 'coffee.png'];
    const uploads: Record<string, Uint8Array> = {};
    for (const name of images)
      uploads[`1/${name}`] = readFileSync(join(shared, 'fixtures/images', name));
    const s = await startLsTestServer({
      projects: [
        {
          id: 1,
          label_config: CONFIG,
          tasks: [
            ...images.map((name) => ({ data: { image: `/data/upload/1/${name}` } })),
            { data: { image: '/data/upload/1/astronaut.png' }, total_annotations: 1 },
          ],
        },
      ],
      uploads,
    });
    servers.push(s);
    const dir = makeTempDir('prelabel-lspredict-');
    copyFileSync(join(shared, 'models/yolov8n-int8dyn-320.onnx'), join(dir, 'model.onnx'));
    const out = join(dir, 'out.json');
    const env = { LABEL_STUDIO_API_KEY: s.state.personalAccessToken };
    const predictArgs = [
      'predict',
      '--ls-url',
      s.url,
      '--project',
      '1',
      '--model',
      join(dir, 'model.onnx'),
      '--out',
      out,
    ];
    const r = await run([...predictArgs, '--format', 'predictions', '--skip-annotated'], env);
    expect(r.stderr).toMatch(/wrote 3 tasks/);
    expect(r.code).toBe(0);
    const records = JSON.parse(readFileSync(out, 'utf8')) as {
      task: number;
      model_version: string;
      result: { value: { rectanglelabels: string[] } }[];
    }[];
    const labels = (id: number) =>
      records.find((x) => x.task === id)!.result.flatMap((x) => x.value.rectanglelabels);
    expect(labels(1)).toContain('Person');
    expect(labels(2)).toContain('Cat');
    expect(labels(3)).toContain('Cup');
    const mediaRequests = s.state.requests.filter((q) => q.url.startsWith('/data/upload/'));
    expect(mediaRequests).toHaveLength(3);
    expect(mediaRequests.every((q) => q.authorization?.startsWith('Bearer '))).toBe(true);

    const pushed = await run(
      ['push', '--ls-url', s.url, '--project', '1', '--predictions', out],
      env,
    );
    expect(pushed.stderr).toMatch(/sent 3/);
    expect([1, 2, 3].map((id) => s.state.predictionsFor(id).length)).toEqual([1, 1, 1]);

    // Predicting again skips tasks that now have this model_version.
    const again = await run([...predictArgs, '--skip-annotated'], env);
    expect(again.stderr).toMatch(/3 tasks already have model_version/);
    expect(again.stderr).toMatch(/wrote 0 tasks/);
    expect(r.stderr + pushed.stderr + again.stderr).not.toContain(s.state.personalAccessToken);
  });
});
