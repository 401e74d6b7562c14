// The task score `prelabel predict` writes is the predictor's: the CLI keeps
// no raw candidates, yet scores every task, including those where nothing was
// found, exactly as the predictor does when it keeps them (the worker's and
// the server's way), on the same runtime.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from './main';
import { resolveModelFiles } from './load-model';
import { parseLabelingConfig } from '../core/config';
import { pickVisionTargets } from '../core/mapping';
import { loadImageFile } from '../models/predictor/node-image';
import { openModelFiles } from '../models/predictor/node-runtime';
import { predictTask, releaseModel, runModelVersion } from '../models/predictor';
import { fixturesPresent } from '../../test/require-fixtures';
import { tempDirsRemovedAfterAll } from '../../test/temp-dirs';

const makeTempDir = tempDirsRemovedAfterAll();
const shared = resolve(process.cwd(), '../shared');
const images = join(shared, 'fixtures/images');
const haveShared = fixturesPresent('CLI task-score tests', join(shared, 'models'), images);
const quiet = () => new Writable({ write: (_c, _e, done) => done() });

const PHOTOS = ['astronaut.png', 'text.png', 'camera.png'];
const CASES = [
  {
    name: 'boxes',
    model: 'yolov8n-int8dyn-320.onnx',
    kind: 'box' as const,
    config: `<View><Image name="image" value="$image"/>
      <RectangleLabels name="label" toName="image"><Label value="person"/><Label value="cup"/></RectangleLabels></View>`,
  },
  {
    name: 'masks',
    model: 'yolov8n-seg-int8dyn-320.onnx',
    kind: 'mask' as const,
    config: `<View><Image name="image" value="$image"/>
      <PolygonLabels name="outline" toName="image"><Label value="person"/><Label value="cup"/></PolygonLabels></View>`,
  },
];

type Written = { data: { image: string }; predictions: { result: unknown[]; score?: number }[] }[];

async function cliScores(config: string, model: string): Promise<Written> {
  const dir = makeTempDir('prelabel-score-');
  writeFileSync(join(dir, 'config.xml'), config);
  const tasks = join(dir, 'tasks.json');
  writeFileSync(tasks, JSON.stringify(PHOTOS.map((f) => ({ image: join(images, f) }))));
  const out = join(dir, 'out.json');
  const args = ['predict', '--config', join(dir, 'config.xml'), '--tasks', tasks];
  expect(await main([...args, '--model', model, '--out', out], quiet(), quiet())).toBe(0);
  return JSON.parse(readFileSync(out, 'utf8')) as Written;
}

describe.skipIf(!haveShared)('the task score of prelabel predict', () => {
  it.each(CASES)('$name: every task is scored, as the predictor scores it', async (c) => {
    const modelPath = join(shared, 'models', c.model);
    const written = await cliScores(c.config, modelPath);
    const files = await resolveModelFiles(modelPath);
    const model = await openModelFiles(files, {}, 'node');
    try {
      const config = parseLabelingConfig(c.config);
      const targets = pickVisionTargets(config, c.kind, model.manifest);
      const options = model.manifest.defaults;
      const info = {
        id: model.id,
        name: model.manifest.name,
        kind: model.kind,
        bytesHash: model.bytesHash,
      };
      const settings = {
        config,
        targets,
        options,
        modelVersion: await runModelVersion(info, { targets, options }),
      };
      let empty = 0;
      for (const [index, photo] of PHOTOS.entries()) {
        const task = written.find((t) => t.data.image.endsWith(photo))!;
        const cli = task.predictions[0]!;
        const image = await loadImageFile(join(images, photo));
        const kept = await predictTask(
          model,
          { task: { index, data: task.data }, image },
          settings,
        );
        expect(kept.raw, 'the predictor keeps its raw candidates here').toBeDefined();
        expect(cli.score, `${photo}: scored`).toBeTypeOf('number');
        expect(cli.score).toBeGreaterThanOrEqual(0);
        expect(cli.score).toBeLessThanOrEqual(1);
        expect(cli.score, photo).toBeCloseTo(kept.prediction.score!, 12);
        if (cli.result.length === 0) empty++;
      }
      // text.png holds no person and no cup: its score comes from near misses alone.
      expect(empty, 'a photo with nothing found is among them').toBeGreaterThan(0);
    } finally {
      await releaseModel(model);
    }
  });
});
