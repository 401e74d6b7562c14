// A head trained in the app works with `prelabel predict --model head.json`
// and a head from `prelabel train` works in the app: the same file bytes, the
// same predictions and the same model_version (the watch's, the app's run with
// its default threshold, and the CLI's), through the worker's Engine
// (fake-indexeddb) and the CLI in-process.
import 'fake-indexeddb/auto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLabelingConfig } from '../../core/config';
import { pickTextTarget } from '../../core/mapping/text-targets';
import type { LsPrediction } from '../../core/results/types';
import type { LsTask } from '../../core/tasks/types';
import { main } from '../../cli/main';
import { tempDirsRemovedAfterAll } from '../../../test/temp-dirs';
import { textSink } from '../../../test/text-sink';
import { Engine } from '../engine';
import { headPredictor, openHeadFile } from './head-predictor';
import { Learner } from './learner';
import { MemoryVersionStore } from './version-store';
import { SENTIMENT_CONFIG, reviewTasks } from './test-fixtures';

const makeTempDir = tempDirsRemovedAfterAll();
const config = parseLabelingConfig(SENTIMENT_CONFIG);

/** `allowed`: predict exits 1 when some tasks failed (here the task without text). */
async function cli(args: string[], allowed = [0]) {
  const out = textSink();
  const err = textSink();
  const code = await main(args, out.stream, err.stream);
  if (!allowed.includes(code)) throw new Error(`prelabel ${args[0]} exited ${code}: ${err.text()}`);
  return out.text();
}

/** 30 annotated reviews and 10 to predict, one of them without text. */
function exportTasks(): LsTask[] {
  const tasks = reviewTasks(40, 30);
  tasks.push({ id: 99, data: { other: 'no text' }, annotations: [] });
  return tasks;
}

function files(dir: string) {
  const configPath = join(dir, 'config.xml');
  const tasksPath = join(dir, 'export.json');
  writeFileSync(configPath, SENTIMENT_CONFIG);
  writeFileSync(tasksPath, JSON.stringify(exportTasks()));
  return { configPath, tasksPath };
}

async function engineWith(tasksPath: string) {
  const engine = new Engine();
  expect((await engine.setConfig(SENTIMENT_CONFIG)).ok).toBe(true);
  const file = new File([readFileSync(tasksPath)], 'export.json');
  await engine.setTaskSources({ taskFiles: [{ file, path: 'export.json' }], mediaFiles: [] });
  return engine;
}

async function cliPredictions(
  configPath: string,
  tasksPath: string,
  headPath: string,
  extra: string[] = [],
) {
  const out = join(headPath, '..', `predicted${extra.join('')}.json`);
  await cli(
    [
      'predict',
      '--config',
      configPath,
      '--tasks',
      tasksPath,
      '--model',
      headPath,
      '--out',
      out,
      ...extra,
    ],
    [1],
  );
  const tasks = JSON.parse(readFileSync(out, 'utf8')) as LsTask[];
  return new Map(tasks.map((t) => [t.id, (t.predictions?.[0] ?? null) as LsPrediction | null]));
}

/** The worker's watch predictor on the same file (what a watch pushes). */
async function watchPredictions(fileName: string, fileText: string) {
  const predictor = await headPredictor(await openHeadFile(fileName, fileText), config);
  const out = new Map<number | undefined, LsPrediction | null>();
  for (const [i, task] of exportTasks().entries()) {
    out.set(
      task.id,
      await predictor.predict(task, i).then(
        (r) => r.prediction,
        () => null,
      ),
    );
  }
  return { out, modelVersion: predictor.modelVersion };
}

describe('head files between the app and the CLI', () => {
  it('a head trained in the app predicts in the CLI exactly as in the worker', async () => {
    const dir = makeTempDir('prelabel-head-parity-');
    const { configPath, tasksPath } = files(dir);
    const engine = await engineWith(tasksPath);
    const trained = await engine.learnTrain();
    expect(trained.version.annotationCount).toBe(30);
    const exported = await engine.learnExportHead();
    const headPath = join(dir, exported.fileName);
    writeFileSync(headPath, Buffer.from(await exported.blob.arrayBuffer()));

    const fromCli = await cliPredictions(configPath, tasksPath, headPath);
    const fromWatch = await watchPredictions(exported.fileName, await exported.blob.text());
    expect(fromWatch.modelVersion).toMatch(/^text-tfidf-logreg@30-annotations@[0-9a-f]{8}$/);
    // The task without text fails alone (the CLI leaves it out of its output).
    expect(fromCli.size).toBe(40);
    expect(fromWatch.out.get(99)).toBeNull();
    for (const [id, prediction] of fromCli) {
      expect(fromWatch.out.get(id), `task ${id}`).toEqual(prediction);
    }

    // "Run with this head": the head file loaded as the engine's model, run like any text model.
    const file = new File([await exported.blob.arrayBuffer()], exported.fileName);
    const model = await engine.loadModel({
      source: {
        kind: 'package',
        name: exported.fileName,
        files: [{ file, path: exported.fileName }],
      },
      backend: 'wasm',
    });
    expect(model).toMatchObject({ kind: 'text-choices', id: 'text-tfidf-logreg@30-annotations' });
    const mapping = pickTextTarget(config, 'choices', model.classNames, {
      fromName: 'sentiment',
    }).mapping;
    const run = await engine.run(
      {
        targets: [],
        options: { confidence: 0.5, iou: 0, maxDetections: 0 },
        text: { fromName: 'sentiment', toName: 'text', mapping },
      },
      () => undefined,
    );
    expect(run).toMatchObject({ state: 'done', done: 41 });
    expect(run.failures).toHaveLength(1);
    // No --conf means the default threshold, 0.5, the app's: the same version either way.
    const withConf = await cliPredictions(configPath, tasksPath, headPath, ['--conf', '0.5']);
    expect([...withConf.entries()]).toEqual([...fromCli.entries()]);
    const exportedRun = await engine.exportFile('tasks-with-predictions');
    const runTasks = JSON.parse(await exportedRun.blob.text()) as LsTask[];
    expect(runTasks).toHaveLength(40);
    for (const task of runTasks) {
      expect(task.predictions?.[0], `task ${task.id}`).toEqual(fromCli.get(task.id));
    }
  });

  it('a head from prelabel train imports into the app and predicts as in the CLI', async () => {
    const dir = makeTempDir('prelabel-head-parity-');
    const { configPath, tasksPath } = files(dir);
    const headPath = join(dir, 'head.json');
    await cli(['train', '--config', configPath, '--tasks', tasksPath, '--out', headPath]);
    const engine = await engineWith(tasksPath);
    const state = await engine.learnImportHead(new File([readFileSync(headPath)], 'head.json'));
    expect(state.versions.at(-1)).toMatchObject({ origin: 'imported', annotationCount: 30 });
    const exported = await engine.learnExportHead();
    expect(await exported.blob.text()).toBe(readFileSync(headPath, 'utf8'));
    const fromCli = await cliPredictions(configPath, tasksPath, headPath);
    const fromWatch = await watchPredictions('head.json', readFileSync(headPath, 'utf8'));
    for (const [id, prediction] of fromCli) expect(fromWatch.out.get(id)).toEqual(prediction);
  });
});

describe('a head after its labels changed in the config', () => {
  it('fills only labels the config still has (the best of them, with its low probability), and names the unmapped class', async () => {
    const tasks = reviewTasks(20);
    const learner = new Learner(new MemoryVersionStore());
    await learner.train('local', { config, tasks });
    const stored = await learner.version('local', 1);
    const renamed = parseLabelingConfig(SENTIMENT_CONFIG.replace('"Negative"', '"Bad"'));
    const predictor = await headPredictor(
      await openHeadFile(stored.fileName, stored.fileText),
      renamed,
    );
    const bad = await predictor.predict({ data: { text: 'an awful and dull film' } }, 0);
    expect(bad.issues).toEqual([]);
    // Negative is gone: the best label left is chosen, its low probability makes the task uncertain.
    expect(bad.prediction.result.map((r) => r.value)).toEqual([{ choices: ['Positive'] }]);
    expect(bad.prediction.score).toBeLessThan(0.5);
    expect(bad.unmapped).toEqual({ Negative: 1 });
    const good = await predictor.predict({ data: { text: 'a great and lovely film' } }, 1);
    expect(good.prediction.result[0]?.value).toEqual({ choices: ['Positive'] });
  });

  it('predicts empty and 1 MB texts', async () => {
    const learner = new Learner(new MemoryVersionStore());
    await learner.train('local', { config, tasks: reviewTasks(20) });
    const stored = await learner.version('local', 1);
    const predictor = await headPredictor(
      await openHeadFile(stored.fileName, stored.fileText),
      config,
    );
    const big = 'a dull and awful film. '.repeat(46_000);
    expect(big.length).toBeGreaterThan(1_000_000);
    for (const [i, text] of ['', big].entries()) {
      const { prediction, issues } = await predictor.predict({ data: { text } }, i);
      expect(issues).toEqual([]);
      expect(prediction.score).toBeGreaterThanOrEqual(0);
      expect(prediction.score).toBeLessThanOrEqual(1);
    }
    const bigOne = await predictor.predict({ data: { text: big } }, 2);
    expect(bigOne.prediction.result[0]?.value).toEqual({ choices: ['Negative'] });
  });
});
