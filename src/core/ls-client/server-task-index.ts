// After an import or upload got no answer, did the server create the task?
// Read the project's tasks once and look ours up: imported tasks by their
// data, uploaded files by name (Label Studio stores "<8 hex>-<name>").

import { iterateTasks } from './tasks';
import type { LsTransport } from './transport';
import type { LsServerTask } from './types';
import { dataKey } from './stable-key';

export interface ServerTaskIndex {
  byData: Map<string, number[]>;
  byUploadName: Map<string, number[]>;
}

function add(map: Map<string, number[]>, key: string, id: number) {
  const list = map.get(key);
  if (list) list.push(id);
  else map.set(key, [id]);
}

/** Django keeps [-\w.] and turns spaces into underscores when saving a file. */
export function storedFileName(name: string): string {
  return name
    .trim()
    .replace(/\s+/g, '_')
    .replace(/[^-\w.]/g, '');
}

function uploadedNames(task: LsServerTask): string[] {
  const names: string[] = [];
  const strip = (file: string) => /^[0-9a-f]{8}-(.+)$/i.exec(file)?.[1];
  if (typeof task.file_upload === 'string') {
    const n = strip(task.file_upload.split('/').pop() ?? '');
    if (n) names.push(n);
  }
  for (const value of Object.values(task.data)) {
    if (typeof value !== 'string' || !value.includes('/data/upload/')) continue;
    const n = strip(decodeURIComponent(value.split('?')[0]!.split('/').pop() ?? ''));
    if (n && !names.includes(n)) names.push(n);
  }
  return names;
}

export async function indexProjectTasks(
  transport: LsTransport,
  projectId: number,
  signal?: AbortSignal,
): Promise<ServerTaskIndex> {
  const index: ServerTaskIndex = { byData: new Map(), byUploadName: new Map() };
  for await (const batch of iterateTasks(transport, projectId, { pageSize: 500, signal })) {
    for (const task of batch.tasks) {
      add(index.byData, dataKey(task.data), task.id);
      for (const name of uploadedNames(task)) add(index.byUploadName, name, task.id);
    }
  }
  return index;
}

export function findUploaded(index: ServerTaskIndex, fileName: string): number[] {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return index.byUploadName.get(base) ?? index.byUploadName.get(storedFileName(base)) ?? [];
}
