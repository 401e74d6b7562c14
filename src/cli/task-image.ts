// A task's image reference → pixels, the way Label Studio would find the file:
// URLs are fetched; /data/local-files/?d=…, /data/upload/… and relative paths
// are looked up next to the tasks.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, isAbsolute, join } from 'node:path';
import { decodeImageRgba } from '../models/predictor/node-image';
import type { RgbaImage } from '../models/types';
import type { CliTasks } from './load-tasks';

export class TaskImageError extends Error {}

function localCandidates(ref: string, tasks: CliTasks): string[] {
  let path = ref;
  if (ref.startsWith('/data/local-files/')) {
    path = new URL(ref, 'http://local').searchParams.get('d') ?? '';
  } else if (ref.startsWith('/data/upload/')) {
    path = basename(ref);
  } else if (ref.startsWith('file://')) {
    path = new URL(ref).pathname;
  }
  const decoded = decodeURIComponent(path);
  const found = [
    isAbsolute(decoded) ? decoded : join(tasks.baseDir, decoded),
    tasks.mediaByPath.get(decoded),
    tasks.mediaByName.get(basename(decoded)),
  ];
  return found.filter((p): p is string => p !== undefined);
}

async function mediaBytes(
  ref: string,
  tasks: CliTasks,
  kind: 'image' | 'audio' = 'image',
): Promise<Buffer | string> {
  if (tasks.fetchMedia) {
    try {
      return Buffer.from(await tasks.fetchMedia(ref));
    } catch (error) {
      throw new TaskImageError(`could not fetch "${ref}": ${(error as Error).message}`);
    }
  }
  if (/^https?:\/\//i.test(ref)) {
    const response = await fetch(ref).catch((error: unknown) => {
      throw new TaskImageError(`could not fetch ${ref}: ${String(error)}`);
    });
    if (!response.ok) throw new TaskImageError(`${ref} answered HTTP ${response.status}`);
    return Buffer.from(await response.arrayBuffer());
  }
  if (ref.startsWith('data:')) {
    const comma = ref.indexOf(',');
    return Buffer.from(
      ref.slice(comma + 1),
      ref.slice(0, comma).includes(';base64') ? 'base64' : 'utf8',
    );
  }
  const file = localCandidates(ref, tasks).find((p) => existsSync(p));
  if (!file) throw new TaskImageError(`${kind} "${ref}" not found (looked in ${tasks.baseDir})`);
  return file;
}

/** Decodes to RGBA with EXIF orientation applied, as browsers (and Label Studio) show it. */
export async function loadTaskImage(ref: unknown, tasks: CliTasks): Promise<RgbaImage> {
  if (typeof ref !== 'string' || ref === '') {
    throw new TaskImageError('the task has no image reference under the config data key');
  }
  const input = await mediaBytes(ref, tasks);
  try {
    return await decodeImageRgba(input);
  } catch (error) {
    throw new TaskImageError(`cannot decode image "${ref}": ${(error as Error).message}`);
  }
}

/**
 * The bytes of a task's media file (audio): fetched or found next to the tasks, as images are.
 * `dataKey` (the config's `$key`) names what is missing when the task has no reference.
 */
export async function loadTaskMedia(
  ref: unknown,
  tasks: CliTasks,
  dataKey?: string,
): Promise<Uint8Array> {
  if (typeof ref !== 'string' || ref === '') {
    const where = dataKey ? `"${dataKey}" (the config's $${dataKey})` : 'the config data key';
    throw new TaskImageError(
      ref === undefined || ref === ''
        ? `the task has no media file under ${where}`
        : `the task's ${where} is ${JSON.stringify(ref)}, not a file name or URL`,
    );
  }
  const found = await mediaBytes(ref, tasks, 'audio');
  return typeof found === 'string' ? new Uint8Array(await readFile(found)) : new Uint8Array(found);
}
