// `prelabel push --predictions FILE` → what to push. FILE is what `prelabel
// predict` wrote: "predictions" records [{task, result, score, model_version}]
// attach to existing tasks; "tasks" records [{id?, data, predictions}] attach
// by id or, without an id, create the task — uploading its image first when
// the image is a file on this machine.
import { existsSync, openAsBlob } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDataPath } from '../core/config';
import type { LabelingConfig } from '../core/config/types';
import type { PushItem } from '../core/ls-client';
import type { LsPrediction } from '../core/results/types';
import type { LsTask } from '../core/tasks/types';

export interface PushInput {
  items: PushItem[];
  /** Records that cannot be pushed, with why (1-based record numbers). */
  issues: string[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A reference to a file on this machine (not a URL, not server media). */
function localPath(ref: string, mediaDir: string): string | undefined {
  if (ref.startsWith('file://')) return fileURLToPath(ref);
  if (/^[a-z][a-z0-9+.-]*:/i.test(ref) || ref.startsWith('/data/')) return undefined;
  return isAbsolute(ref) ? ref : join(mediaDir, ref);
}

function pickPrediction(
  list: unknown[],
  modelVersion: string | undefined,
): LsPrediction | undefined {
  const candidates = list.filter(isObject) as unknown as LsPrediction[];
  if (modelVersion !== undefined) {
    return candidates.filter((p) => p.model_version === modelVersion).at(-1);
  }
  // Our export appends our prediction after any the task already had.
  return candidates.at(-1);
}

export async function readPushInput(
  file: string,
  config: LabelingConfig,
  options: { mediaDir?: string; modelVersion?: string } = {},
): Promise<PushInput> {
  const mediaDir = resolve(options.mediaDir ?? join(file, '..'));
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(
      `${basename(file)} is not a JSON file of predictions: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const records = Array.isArray(parsed) ? parsed : [parsed];
  const mediaKeys = config.objects
    .filter((o) => ['Image', 'Audio', 'AudioPlus', 'Video'].includes(o.tag) && o.dataKey)
    .map((o) => o.dataKey!);
  const items: PushItem[] = [];
  const issues: string[] = [];

  for (const [i, record] of records.entries()) {
    const n = i + 1;
    if (!isObject(record)) {
      issues.push(`record ${n}: not an object`);
      continue;
    }
    if (typeof record.task === 'number' && Array.isArray(record.result)) {
      const { task, ...prediction } = record;
      items.push({
        task: { id: task, data: {} },
        prediction: prediction as unknown as LsPrediction,
      });
      continue;
    }
    const data = isObject(record.data) ? record.data : undefined;
    if (!data) {
      issues.push(
        `record ${n}: neither a prediction {task, result} nor a task {data, predictions}`,
      );
      continue;
    }
    const prediction = pickPrediction(
      Array.isArray(record.predictions) ? record.predictions : [],
      options.modelVersion,
    );
    if (!prediction) {
      issues.push(
        `record ${n}: no prediction${options.modelVersion ? ` of model_version "${options.modelVersion}"` : ''} to push` +
          (Array.isArray(record.annotations)
            ? ' (it has annotations: push sends predictions)'
            : ''),
      );
      continue;
    }
    const task = { ...record, data } as LsTask;
    const item: PushItem = { task, prediction };
    if (task.id === undefined) {
      for (const key of mediaKeys) {
        const ref = readDataPath(data, key);
        if (typeof ref !== 'string') continue;
        const path = localPath(ref, mediaDir);
        if (path === undefined) continue;
        if (!existsSync(path)) {
          issues.push(
            `record ${n}: "${ref}" is neither a URL nor a file in ${mediaDir} (use --media-dir)`,
          );
          break;
        }
        // File-backed: thousands of images are not read into memory up front.
        item.media = { name: basename(path), blob: await openAsBlob(path) };
        item.key = ref;
        break;
      }
      if (issues.at(-1)?.startsWith(`record ${n}:`)) continue;
    }
    items.push(item);
  }
  return { items, issues };
}
