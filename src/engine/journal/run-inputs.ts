// What a run was started from, kept beside the journal so a reload mid-run
// can put the page back without a re-drop: the config, the task files, the
// model (a dropped file's bytes, or its URL / built-in id), its labels file,
// and the dropped media when they are small enough to keep. Media over the
// limit are listed by name: those are the only files the user is asked for.
// One record (the latest run); File objects are stored as they are
// (IndexedDB keeps their bytes).

import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ModelSource, SourceFile } from '../api';

export const RUN_INPUTS_DB_NAME = 'prelabel-run-inputs';
/** Dropped media are kept only up to this much in all (else listed by name). */
export const MAX_KEPT_MEDIA_BYTES = 64 * 1024 * 1024;
/** A dropped model over this is not kept (the user drops it again). */
export const MAX_KEPT_MODEL_BYTES = 512 * 1024 * 1024;

export interface RunInputs {
  configXml: string;
  taskFiles: SourceFile[];
  mediaFiles: SourceFile[];
  modelSource: ModelSource | null;
  labelsFile: File | null;
  familyId: string;
  sourceFamilyId: string;
}

export interface SavedRunInputs extends RunInputs {
  savedAt: number;
  /** Dropped media that were not kept (too large in all): asked for again. */
  mediaNotKept: string[];
  /** A dropped model that was not kept: its file name. */
  modelNotKept: string | null;
  modelName: string;
  progress: { done: number; total: number; failed: number; updatedAt: number };
}

interface InputsSchema extends DBSchema {
  inputs: { key: string; value: SavedRunInputs };
}

const KEY = 'latest';

function modelNameOf(source: ModelSource | null): string {
  if (!source) return '';
  if (source.kind === 'file') return source.file.name;
  if (source.kind === 'url') return source.url.split('/').pop() || source.url;
  if (source.kind === 'package') return source.name;
  return source.id;
}

/** The bytes a model source would keep in the browser's storage (0: nothing of the user's). */
function modelBytes(source: ModelSource | null): number {
  if (source?.kind === 'file') return source.file.size;
  if (source?.kind === 'package') return source.files.reduce((n, f) => n + f.file.size, 0);
  return 0;
}

/** What is kept of the inputs: media and model files only up to their limits. */
export function keptInputs(inputs: RunInputs, total: number): SavedRunInputs {
  const mediaBytes = inputs.mediaFiles.reduce((n, m) => n + m.file.size, 0);
  const keepMedia = mediaBytes <= MAX_KEPT_MEDIA_BYTES;
  const source = inputs.modelSource;
  const keepModel = modelBytes(source) <= MAX_KEPT_MODEL_BYTES;
  return {
    ...inputs,
    mediaFiles: keepMedia ? inputs.mediaFiles : [],
    mediaNotKept: keepMedia ? [] : inputs.mediaFiles.map((m) => m.path),
    modelSource: keepModel ? source : null,
    modelNotKept: keepModel ? null : modelNameOf(source),
    modelName: modelNameOf(source),
    savedAt: Date.now(),
    progress: { done: 0, total, failed: 0, updatedAt: Date.now() },
  };
}

export class RunInputsStore {
  private constructor(private readonly db: IDBPDatabase<InputsSchema>) {}

  static async open(name = RUN_INPUTS_DB_NAME): Promise<RunInputsStore> {
    const db = await openDB<InputsSchema>(name, 1, {
      upgrade(database) {
        database.createObjectStore('inputs');
      },
    });
    return new RunInputsStore(db);
  }

  async save(inputs: RunInputs, total: number): Promise<void> {
    await this.db.put('inputs', keptInputs(inputs, total), KEY);
  }

  async load(): Promise<SavedRunInputs | null> {
    return (await this.db.get('inputs', KEY)) ?? null;
  }

  async noteProgress(progress: { done: number; total: number; failed: number }): Promise<void> {
    const tx = this.db.transaction('inputs', 'readwrite');
    const saved = await tx.store.get(KEY);
    if (saved)
      await tx.store.put({ ...saved, progress: { ...progress, updatedAt: Date.now() } }, KEY);
    await tx.done;
  }

  async clear(): Promise<void> {
    await this.db.delete('inputs', KEY);
  }

  close(): void {
    this.db.close();
  }
}
