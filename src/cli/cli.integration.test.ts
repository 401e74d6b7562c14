// The CLI end to end on a real model and real photos (../shared), in-process.
import { existsSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from './main';
import { fixturesPresent } from '../../test/require-fixtures';
import { tempDirsRemovedAfterAll } from '../../test/temp-dirs';
import { textSink as sink } from '../../test/text-sink';

const makeTempDir = tempDirsRemovedAfterAll();

const shared = resolve(process.cwd(), '../shared');
const haveShared = fixturesPresent('real-model CLI tests', join(shared, 'models'));

const CONFIG = `<View>
  <Image name="image" value="$image"/>
  <RectangleLabels name="label" toName="image">
    <Label value="Person"/><Label value="Cat"/><Label value="Cup"/>
  </RectangleLabels>
</View>`;

async function run(args: string[]) {
  const out = sink();
  const err = sink();
  const code = await main(args, out.stream, err.stream);
  return { code, stdout: out.text(), stderr: err.text() };
}

interface Exported {
  data: { image: string };
  predictions: { model_version: string; result: { value: { rectanglelabels: string[] } }[] }[];
}

describe.skipIf(!haveShared)('prelabel predict (real model)', () => {
  // Set up in beforeAll: a describe body runs even when the block is skipped.
  let dir = '';
  beforeAll(() => {
    dir = makeTempDir('prelabel-cli-');
    writeFileSync(join(dir, 'config.xml'), CONFIG);
    for (const f of ['astronaut.png', 'chelsea.png', 'coffee.png']) {
      copyFileSync(join(shared, 'fixtures/images', f), join(dir, f));
    }
  });
  const model = join(shared, 'models/yolov8n-int8dyn-320.onnx');

  it('labels a folder of images and writes Label Studio tasks with one prediction each', async () => {
    const out = join(dir, 'out.json');
    const r = await run([
      'predict',
      '--config',
      join(dir, 'config.xml'),
      '--tasks',
      dir,
      '--model',
      model,
      '--out',
      out,
    ]);
    expect(r.stderr).toMatch(/wrote 3 tasks/);
    expect(r.code).toBe(0);
    const tasks = JSON.parse(readFileSync(out, 'utf8')) as Exported[];
    const labelsOf = (name: string) =>
      tasks
        .find((t) => t.data.image === name)!
        .predictions[0]!.result.flatMap((x) => x.value.rectanglelabels);
    expect(labelsOf('astronaut.png')).toContain('Person');
    expect(labelsOf('chelsea.png')).toContain('Cat');
    expect(labelsOf('coffee.png')).toContain('Cup');
    expect(new Set(tasks.map((t) => t.predictions[0]!.model_version)).size).toBe(1);
  });

  it('keeps going past a task whose image is missing or corrupt, and exits 1', async () => {
    writeFileSync(join(dir, 'broken.png'), 'not a png');
    // A plain RGB JPEG cut in half: the header passes for the WASM decoder, its data does not.
    const jpeg = await sharp(join(dir, 'chelsea.png')).removeAlpha().jpeg().toBuffer();
    writeFileSync(join(dir, 'cut.jpg'), jpeg.subarray(0, jpeg.length >> 1));
    const tasksFile = join(dir, 'tasks.json');
    writeFileSync(
      tasksFile,
      JSON.stringify([
        { image: 'chelsea.png' },
        { image: 'gone.jpg' },
        { image: 'broken.png' },
        { image: 'cut.jpg' },
      ]),
    );
    const out = join(dir, 'partial.json');
    const r = await run([
      'predict',
      '--config',
      join(dir, 'config.xml'),
      '--tasks',
      tasksFile,
      '--model',
      model,
      '--out',
      out,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/task 2: image "gone.jpg" not found/);
    expect(r.stderr).toMatch(/task 3: cannot decode image "broken.png"/);
    expect(r.stderr).toMatch(/task 4: cannot decode image "cut.jpg": .*premature end of JPEG/i);
    expect(r.stderr).toMatch(/wrote 1 task \(.*\); 3 failed/);
    const written = JSON.parse(readFileSync(out, 'utf8')) as Exported[];
    expect(written.map((t) => t.data.image)).toEqual(['chelsea.png']);
  });

  it('applies --map and --conf, and says so in model_version', async () => {
    // A folder holding only the image: earlier outputs must not be read as tasks.
    const images = makeTempDir('prelabel-cli-');
    copyFileSync(join(shared, 'fixtures/images/chelsea.png'), join(images, 'chelsea.png'));
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    const base = [
      'predict',
      '--config',
      join(dir, 'config.xml'),
      '--tasks',
      images,
      '--model',
      model,
    ];
    await run([...base, '--out', a]);
    await run([...base, '--out', b, '--map', 'cat=,person=Person', '--conf', '0.5']);
    const [ta, tb] = [a, b].map((p) => JSON.parse(readFileSync(p, 'utf8')) as Exported[]);
    const cats = (ts: Exported[]) =>
      ts
        .flatMap((t) => t.predictions[0]!.result)
        .filter((x) => x.value.rectanglelabels[0] === 'Cat');
    expect(cats(ta!).length).toBeGreaterThan(0);
    expect(cats(tb!)).toEqual([]);
    expect(ta![0]!.predictions[0]!.model_version).not.toBe(tb![0]!.predictions[0]!.model_version);
  });

  it('refuses a file that is not an ONNX model with a clear message and exit 2', async () => {
    const fake = join(dir, 'fake.onnx');
    writeFileSync(fake, 'hello');
    const r = await run([
      'predict',
      '--config',
      join(dir, 'config.xml'),
      '--tasks',
      dir,
      '--model',
      fake,
      '--out',
      join(dir, 'x.json'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/fake\.onnx is not an ONNX model/);
  });

  // Tests that write their own files work in a folder of their own: `dir` is read as a task folder.
  const ownFolder = () => {
    const own = makeTempDir('prelabel-cli-own-');
    copyFileSync(join(shared, 'fixtures/images/coffee.png'), join(own, 'coffee.png'));
    copyFileSync(join(dir, 'config.xml'), join(own, 'config.xml'));
    return own;
  };

  it('--format predictions on tasks without ids: refused, exit 2, no file written', async () => {
    const own = ownFolder();
    const out = join(own, 'preds.json');
    const r = await run([
      'predict',
      '--config',
      join(own, 'config.xml'),
      '--tasks',
      join(own, 'coffee.png'),
      '--model',
      model,
      '--out',
      out,
      '--format',
      'predictions',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the task has no Label Studio task id/);
    expect(r.stderr).toMatch(/Label Studio export or a connected project/);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  it('--media-prefix makes bare image names URLs Label Studio can open', async () => {
    const own = ownFolder();
    const out = join(own, 'prefixed.json');
    const r = await run([
      'predict',
      '--config',
      join(own, 'config.xml'),
      '--tasks',
      join(own, 'coffee.png'),
      '--model',
      model,
      '--out',
      out,
      '--media-prefix',
      '/data/local-files/?d=photos/',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/wrote 1 task \(/);
    const tasks = JSON.parse(readFileSync(out, 'utf8')) as Exported[];
    expect(tasks[0]!.data.image).toBe('/data/local-files/?d=photos/coffee.png');
  });

  it('a classifier without class names is refused unless --labels names them', async () => {
    const own = ownFolder();
    const classifier = join(shared, 'models/mobilenetv2-12-int8.onnx');
    const choices = join(own, 'choices.xml');
    writeFileSync(
      choices,
      '<View><Image name="image" value="$image"/><Choices name="c" toName="image"><Choice value="espresso"/></Choices></View>',
    );
    const args = ['predict', '--config', choices, '--tasks', join(own, 'coffee.png')];
    const refused = await run([...args, '--model', classifier, '--out', join(own, 'c.json')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/the model has no class names .*--labels/);
    expect(existsSync(join(own, 'c.json'))).toBe(false);
    const named = await run([
      ...args,
      '--model',
      classifier,
      '--labels',
      join(shared, 'models/labels/imagenet_1000_ipne.json'),
      '--out',
      join(own, 'c.json'),
    ]);
    expect(named.code).toBe(0);
  });
});

describe('prelabel help and usage', () => {
  it('no arguments: usage on stderr, exit 2', async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Usage:/);
    expect(r.stdout).toBe('');
  });
  it.each([['--help'], ['-h'], ['help']])('%s: usage on stdout, exit 0', async (flag) => {
    const r = await run([flag]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/prelabel predict .*prelabel push .*prelabel rank .*prelabel models/s);
  });
  it.each([
    ['predict', /--media-prefix URL/],
    ['push', /--predictions FILE/],
    ['rank', /--strategy score\|random/],
    ['models', /list the built-in models/],
  ])('%s --help: the usage of that command, exit 0', async (command, text) => {
    const r = await run([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(text);
    expect(r.stderr).toBe('');
  });
  it('predict --help gives the defaults the families really use', async () => {
    const { FAMILY_DEFAULTS } = await import('./family-defaults');
    const r = await run(['predict', '--help']);
    const ultralytics = FAMILY_DEFAULTS.ultralytics!;
    expect(r.stdout).toMatch(
      new RegExp(`ultralytics +--conf ${ultralytics.confidence} --iou ${ultralytics.iou} `),
    );
    expect(r.stdout).not.toMatch(/--iou 0\.45\]/);
  });
  it('an unknown command: exit 2', async () => {
    const r = await run(['predcit']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command "predcit"/);
  });
});

describe('prelabel usage errors', () => {
  it('names the missing option', async () => {
    const r = await run(['predict', '--config', 'c.xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--tasks is required/);
  });
  it('rejects an out-of-range threshold', async () => {
    const r = await run([
      'predict',
      '--config',
      'c',
      '--tasks',
      't',
      '--model',
      'm',
      '--out',
      'o',
      '--conf',
      '3',
    ]);
    expect(r.stderr).toMatch(/--conf must be a number from 0 to 1/);
  });
  it('reports a malformed config with its line', async () => {
    const dir = makeTempDir('prelabel-cli-');
    writeFileSync(join(dir, 'bad.xml'), '<View>\n  <Image name="image" value="$image">\n</View>');
    const r = await run([
      'predict',
      '--config',
      join(dir, 'bad.xml'),
      '--tasks',
      dir,
      '--model',
      'm',
      '--out',
      join(dir, 'o.json'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/labeling config: line \d+/);
  });
});
