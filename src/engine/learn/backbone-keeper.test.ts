// The image learner's backbone kept across reloads (IndexedDB, next to the
// versions), with the real MobileNetV2-int8 and a shared flower photo: a new
// EngineLearn over the same database (a reload) holds it again, with the same
// SHA-256 and the same features, and predicts with a stored head without a
// new drop; reading creates no database; a file above the cap or a full
// storage is held in memory only and says so.
import 'fake-indexeddb/auto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLabelingConfig } from '../../core/config';
import type { LsTask } from '../../core/tasks/types';
import { decodeImageRgba } from '../../models/predictor/node-image';
import { nodeRuntime } from '../../models/predictor/node-runtime';
import { fixturesPresent } from '../../../test/require-fixtures';
import { EngineLearn } from './engine-learn';
import { IdbVersionStore, MemoryVersionStore, type VersionStore } from './version-store';

const shared = resolve(process.cwd(), '../shared');
const BACKBONE = join(shared, 'models', 'mobilenetv2-12-int8.onnx');
const FLOWERS = join(shared, 'datasets', 'flowers5');
const have = fixturesPresent('the backbone kept across reloads', BACKBONE, FLOWERS);

const LABELS = ['daisy', 'roses'];
const CONFIG = `<View><Image name="image" value="$image"/><Choices name="flower" toName="image">${LABELS.map(
  (l) => `<Choice value="${l}"/>`,
).join('')}</Choices></View>`;

const photo = (label: string, k: number) =>
  join(FLOWERS, label, readdirSync(join(FLOWERS, label)).sort()[k] as string);

/** 2 annotated photos per flower and one unlabelled daisy, by path. */
function tasks(): LsTask[] {
  const out: LsTask[] = LABELS.flatMap((label, l) =>
    [0, 1].map((k) => ({
      id: l * 2 + k + 1,
      data: { image: photo(label, k) },
      annotations: [
        {
          id: l * 2 + k + 1,
          result: [
            {
              from_name: 'flower',
              to_name: 'image',
              type: 'choices',
              value: { choices: [label] },
            },
          ],
        },
      ],
    })),
  );
  out.push({ id: 5, data: { image: photo('daisy', 2) } });
  return out;
}

const names = async () => (await indexedDB.databases()).map((d) => d.name);
let dbCount = 0;

/** Sessions opened on the runtime (one per backbone opened). */
let sessionsOpened = 0;

/** An EngineLearn as the worker makes one after a page load, over `openStore`. */
function engineOver(openStore: () => Promise<VersionStore>, backboneKeepMaxBytes?: number) {
  const config = parseLabelingConfig(CONFIG);
  return new EngineLearn(
    {
      config: () => config,
      tasks: () => tasks(),
      session: () => {
        throw new Error('no Label Studio here');
      },
      scope: () => 'local',
      release: () => undefined,
      image: async (reference) => decodeImageRgba(readFileSync(reference)),
    },
    {
      openStore,
      runtime: () => {
        const inner = nodeRuntime('wasm');
        return {
          createSession: (...args: Parameters<typeof inner.createSession>) => {
            sessionsOpened++;
            return inner.createSession(...args);
          },
        };
      },
      ...(backboneKeepMaxBytes !== undefined ? { backboneKeepMaxBytes } : {}),
    },
  );
}

const backboneFile = () =>
  new File([new Uint8Array(readFileSync(BACKBONE))], 'mobilenetv2-12-int8.onnx');

async function featuresOf(learn: EngineLearn, reference: string): Promise<Float32Array> {
  const features = await learn.imageFeatures();
  if (!features) throw new Error('no backbone held');
  const [vector] = await features.of([reference]);
  if (!(vector instanceof Float32Array)) throw new Error(String(vector));
  return vector;
}

describe.skipIf(!have)('the backbone kept across reloads (MobileNetV2-int8)', () => {
  it('comes back in a new EngineLearn over the same database, same SHA-256 and features', async () => {
    const name = `prelabel-learner-backbone-${++dbCount}`;
    const open = () => IdbVersionStore.open(name);
    const before = engineOver(open);
    // Reading creates nothing: no backbone, no database.
    expect(await before.learnBackbone()).toBeNull();
    expect(await before.imageFeatures()).toBeNull();
    expect(await names()).not.toContain(name);

    const set = await before.learnSetBackbone(backboneFile());
    expect(set).toMatchObject({ name: 'mobilenetv2-12-int8.onnx', kept: true });
    expect(set.notKept).toBeUndefined();
    expect(await names()).toContain(name);
    const daisy = photo('daisy', 3);
    const features = await featuresOf(before, daisy);
    await before.learnTrain();

    // The reload: a new worker, nothing dropped.
    const after = engineOver(open);
    expect(after.heldBackbone()).toBeNull();
    // Asked at once from several places (the panel, the committee): opened once.
    sessionsOpened = 0;
    const [restored, second, features2] = await Promise.all([
      after.learnBackbone(),
      after.learnBackbone(),
      after.imageFeatures(),
    ]);
    expect(sessionsOpened).toBe(1);
    expect(second?.sha256).toBe(set.sha256);
    expect(features2?.sha256).toBe(set.sha256);
    expect(restored).toMatchObject({ name: set.name, sha256: set.sha256, kept: true });
    expect(Array.from(await featuresOf(after, daisy))).toEqual(Array.from(features));

    // A stored head predicts on the restored backbone (its SHA-256 asked for), as before the reload.
    const predictedBefore = await before.learnPredict();
    const again = engineOver(open);
    const predicted = await again.learnPredict();
    expect(predicted.modelVersion).toBe(predictedBefore.modelVersion);
    expect(predicted.results).toEqual(predictedBefore.results);
    expect(predicted.results.every((r) => 'prediction' in r)).toBe(true);
    expect((await again.heldBackboneFor(set.sha256))?.info.sha256).toBe(set.sha256);
  }, 120_000);

  it('holds a backbone above the cap in memory only and says so', async () => {
    const name = `prelabel-learner-backbone-${++dbCount}`;
    const open = () => IdbVersionStore.open(name);
    const learn = engineOver(open, 1024 * 1024);
    const set = await learn.learnSetBackbone(backboneFile());
    expect(set.kept).toBe(false);
    expect(set.notKept).toMatch(
      /^mobilenetv2-12-int8\.onnx is held in memory only \(\d+ MB, above the 1 MB kept across reloads\): after a reload, drop it again$/,
    );
    expect((await learn.learnBackbone())?.notKept).toBe(set.notKept);
    // It works in memory, and nothing was written.
    expect(await featuresOf(learn, photo('roses', 0))).toHaveLength(1280);
    expect(await names()).not.toContain(name);
    expect(await engineOver(open).learnBackbone()).toBeNull();
  }, 60_000);

  it('says the storage is full and keeps working in memory', async () => {
    const full = new MemoryVersionStore() as VersionStore;
    full.putBackbone = () =>
      Promise.reject(new DOMException('the quota has been exceeded', 'QuotaExceededError'));
    full.backbone = async () => undefined;
    const learn = engineOver(async () => full);
    const set = await learn.learnSetBackbone(backboneFile());
    expect(set).toMatchObject({ kept: false });
    expect(set.notKept).toMatch(
      /mobilenetv2-12-int8\.onnx is held in memory only \(the browser's storage for this site is full\)/,
    );
    expect(await featuresOf(learn, photo('roses', 0))).toHaveLength(1280);
    expect((await learn.learnTrain()).version.annotationCount).toBe(4);
  }, 60_000);
});
