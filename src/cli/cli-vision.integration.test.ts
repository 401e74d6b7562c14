// Non-box families through the CLI: instance segmentation → polygons,
// classification → choices (real models from ../shared).
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from './main';
import { fixturesPresent } from '../../test/require-fixtures';
import { tempDirsRemovedAfterAll } from '../../test/temp-dirs';

const makeTempDir = tempDirsRemovedAfterAll();

const shared = resolve(process.cwd(), '../shared');
const haveShared = fixturesPresent('real-model CLI tests', join(shared, 'models'));

const quiet = () => new Writable({ write: (_c, _e, done) => done() });

interface Result {
  type: string;
  value: { points?: number[][]; polygonlabels?: string[]; choices?: string[] };
}
type Exported = { data: { image: string }; predictions: { result: Result[] }[] }[];

async function predict(config: string, model: string, extra: string[] = []) {
  const dir = makeTempDir('prelabel-vision-');
  writeFileSync(join(dir, 'config.xml'), config);
  const tasks = join(dir, 'tasks.json');
  const images = join(shared, 'fixtures/images');
  writeFileSync(
    tasks,
    JSON.stringify(
      ['astronaut.png', 'chelsea.png', 'coffee.png'].map((f) => ({ image: join(images, f) })),
    ),
  );
  const out = join(dir, 'out.json');
  const args = [
    'predict',
    '--config',
    join(dir, 'config.xml'),
    '--tasks',
    tasks,
    '--model',
    model,
    '--out',
    out,
    ...extra,
  ];
  expect(await main(args, quiet(), quiet())).toBe(0);
  const exported = JSON.parse(readFileSync(out, 'utf8')) as Exported;
  return (name: string) =>
    exported.find((t) => t.data.image.endsWith(name))!.predictions[0]!.result;
}

describe.skipIf(!haveShared)('prelabel predict with other vision families', () => {
  it('turns yolov8n-seg masks into polygons on a PolygonLabels control', async () => {
    const resultsOf = await predict(
      `<View><Image name="image" value="$image"/>
        <PolygonLabels name="poly" toName="image"><Label value="Person"/><Label value="Cat"/></PolygonLabels></View>`,
      join(shared, 'models/yolov8n-seg-int8dyn-320.onnx'),
    );
    const person = resultsOf('astronaut.png').find((r) => r.value.polygonlabels?.[0] === 'Person');
    expect(person?.type).toBe('polygonlabels');
    expect(person!.value.points!.length).toBeGreaterThanOrEqual(8);
    expect(resultsOf('chelsea.png').some((r) => r.value.polygonlabels?.[0] === 'Cat')).toBe(true);
  });

  it('turns MobileNetV2 logits into Choices with a labels file', async () => {
    const resultsOf = await predict(
      `<View><Image name="image" value="$image"/>
        <Choices name="kind" toName="image"><Choice value="Espresso"/><Choice value="Egyptian cat"/></Choices></View>`,
      join(shared, 'models/mobilenetv2-12-int8.onnx'),
      [
        '--family',
        'classification',
        '--labels',
        join(shared, 'models/labels/imagenet_1000_ipne.json'),
      ],
    );
    expect(resultsOf('coffee.png')[0]?.value.choices).toEqual(['Espresso']);
    expect(resultsOf('chelsea.png')[0]?.value.choices).toEqual(['Egyptian cat']);
  });
});
