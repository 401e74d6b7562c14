// OCR packages (det + rec + cls sessions) → Label Studio OCR regions.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LabelingConfig } from '../../core/config/types';
import { pickOcrTarget } from '../../core/mapping';
import { buildOcrPrediction, modelBytesHash, modelVersionOf } from '../../core/predict';
import { parseDictionary, runOcr } from '../../models/ocr';
import type { OcrManifest, OcrModelKey } from '../../models/ocr';
import type { ModelFiles } from '../load-model';
import type { CliSession } from '../ort-session';
import { openSession } from '../ort-session';
import type { PredictArgs } from '../predict-args';
import { UsageError } from '../predict-args';
import type { Predictor } from './types';

export async function createOcrPredictor(
  files: ModelFiles,
  config: LabelingConfig,
  args: PredictArgs,
): Promise<Predictor> {
  const manifest = files.manifest as OcrManifest;
  if (!files.dir || !manifest.files) throw new UsageError('an OCR model needs its package folder');
  let target;
  try {
    target = pickOcrTarget(config, args.target);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const dir = files.dir;
  const detBytes = new Uint8Array(await readFile(join(dir, manifest.files.det)));
  const sessions: Record<OcrModelKey, CliSession> = {
    det: await openSession(detBytes, args.backend),
    rec: await openSession(
      new Uint8Array(await readFile(join(dir, manifest.files.rec))),
      args.backend,
    ),
    cls: await openSession(
      new Uint8Array(await readFile(join(dir, manifest.files.cls))),
      args.backend,
    ),
  };
  const dictionary = parseDictionary(await readFile(join(dir, manifest.files.dictionary), 'utf8'));
  const minScore = args.conf ?? manifest.defaults.confidence;
  const modelVersion =
    args.modelVersion ??
    (await modelVersionOf(manifest.id, await modelBytesHash(detBytes), { minScore }));

  return {
    description: `${manifest.id} (ocr) → <${target.shape.kind}> + <TextArea name="${target.textArea.fromName}"> on "${target.toName}"`,
    modelVersion,
    imageObject: target.toName,
    async predict(image, task, taskIndex) {
      const lines = await runOcr((key, feeds) => sessions[key].run(feeds), image, {
        dictionary,
        manifest,
        minScore,
      });
      return buildOcrPrediction({
        lines,
        target,
        image,
        taskIndex,
        modelVersion,
        config,
        taskData: task.data,
      });
    },
    async release() {
      await Promise.all(Object.values(sessions).map((s) => s.release()));
    },
  };
}
