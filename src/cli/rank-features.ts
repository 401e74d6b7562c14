// Feature vectors for `prelabel rank --strategy diversity` and `--clusters`:
// from a file (`--features`: [{task, features: [...]}], any modality), or
// from a backbone over the tasks' images (`--backbone M.onnx`, the pooled
// features `prelabel train` learns image heads on). Keyed by task id.
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { openBackbone, type Backbone } from './backbone-features';
import { featuresInBatches } from './image-head-training';
import type { CliTasks } from './load-tasks';
import { loadTaskImage } from './task-image';

export interface TaskFeatures {
  byTask: Map<string, ArrayLike<number>>;
  /** Tasks without a vector (or file items that name none), with why. */
  problems: { task?: string; message: string }[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export async function featuresFromFile(path: string): Promise<TaskFeatures> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`${basename(path)} is not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (!Array.isArray(parsed)) {
    throw new Error(`${basename(path)}: expected a JSON list of {"task": id, "features": [...]}`);
  }
  const byTask = new Map<string, ArrayLike<number>>();
  const problems: TaskFeatures['problems'] = [];
  parsed.forEach((item, index) => {
    const where = `${basename(path)} item ${index + 1}`;
    if (!isObject(item) || (typeof item.task !== 'number' && typeof item.task !== 'string')) {
      problems.push({ message: `${where}: not {"task": id, "features": [...]}` });
      return;
    }
    const f = item.features;
    if (!Array.isArray(f) || f.length === 0 || !f.every((v) => Number.isFinite(v))) {
      problems.push({
        task: String(item.task),
        message: `${where}: "features" is not a list of numbers`,
      });
      return;
    }
    byTask.set(String(item.task), f as number[]);
  });
  return { byTask, problems };
}

/** The task's image reference: data[key], else data.image, else its first string value. */
function imageRef(data: Record<string, unknown>, key: string | undefined): unknown {
  if (key !== undefined) return data[key];
  if (typeof data.image === 'string') return data.image;
  return Object.values(data).find((v) => typeof v === 'string');
}

export interface ImageTask {
  id: string;
  data: Record<string, unknown>;
}

/**
 * One vector per image reference (resolved as a task's image next to
 * `baseDir`), in batches (image-head-training.ts); an unreadable image gets its Error.
 */
export async function featuresOfReferences(
  backbone: Backbone,
  references: readonly unknown[],
  baseDir: string,
): Promise<(ArrayLike<number> | Error)[]> {
  const where: CliTasks = {
    tasks: [],
    issues: [],
    baseDir,
    mediaByPath: new Map(),
    mediaByName: new Map(),
  };
  return featuresInBatches(backbone, references, (r) => loadTaskImage(r, where));
}

/** One vector per task image; unreadable images are reported. */
export async function featuresFromBackbone(
  backbonePath: string,
  tasks: readonly ImageTask[],
  predictionsPath: string,
  dataKey?: string,
): Promise<TaskFeatures> {
  const byTask = new Map<string, ArrayLike<number>>();
  const problems: TaskFeatures['problems'] = [];
  const backbone = await openBackbone(backbonePath);
  try {
    const vectors = await featuresOfReferences(
      backbone,
      tasks.map((t) => imageRef(t.data, dataKey)),
      dirname(predictionsPath),
    );
    vectors.forEach((f, k) => {
      const task = tasks[k]!;
      if (f instanceof Error) problems.push({ task: task.id, message: f.message });
      else byTask.set(task.id, f);
    });
  } finally {
    await backbone.release();
  }
  return { byTask, problems };
}
