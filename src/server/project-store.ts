// Per project (the id part of Label Studio's "<id>.<created unix time>"): its
// config, host, token, annotated tasks, trained heads and version history, as
// JSON files under --state-dir so a restart keeps them.
//
//   <state>/projects/<id>/project.json      config, host, token, versions
//   <state>/projects/<id>/annotated.json    annotated tasks received or fetched
//   <state>/projects/<id>/heads/<n>.json    one trained head per version
//   <state>/projects/<id>/heads/<n>/        (audio: head.json + feature models)
//   <state>/projects/<id>/features/<extractor sha256>.json
//                                           media features by task + media URL
//                                           (base64 float32), so a retrain or a
//                                           restart fetches no file again
import { join } from 'node:path';
import type { LsTask } from '../core/tasks/types';
import { readJsonFile, removeTree, writeJsonAtomic } from './atomic-file';

export interface ModelVersionRecord {
  /** The model_version Label Studio stamps on predictions. */
  name: string;
  /** 1, 2, 3… per project. */
  seq: number;
  createdAt: string;
  /** Training examples (annotated tasks used). */
  examples: number;
  jobId: string;
  /** The learner's own quality figures, when it reports them. */
  metrics?: Record<string, unknown>;
}

export interface ProjectRecord {
  id: string;
  /** Label Studio's full "<id>.<created unix time>", as last received. */
  uid?: string;
  labelConfig?: string;
  hostname?: string;
  accessToken?: string;
  versions: ModelVersionRecord[];
  /** True once the annotated tasks were fetched in full from Label Studio. */
  synced: boolean;
  updatedAt: string;
}

/** Annotated tasks by task id (tasks without an id get a synthetic key). */
export type AnnotatedTasks = Record<string, LsTask>;

const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function isSafeProjectId(id: string): boolean {
  return SAFE_ID.test(id);
}

export class ProjectStore {
  private readonly records = new Map<string, ProjectRecord>();
  private readonly annotated = new Map<string, AnnotatedTasks>();
  private readonly heads = new Map<string, unknown>();
  private readonly featureSets = new Map<string, Map<string, Float32Array>>();

  constructor(readonly dir: string) {}

  private projectDir(id: string): string {
    if (!isSafeProjectId(id)) throw new Error(`project id "${id}" is not a safe file name`);
    return join(this.dir, 'projects', id);
  }

  async get(id: string): Promise<ProjectRecord | undefined> {
    const cached = this.records.get(id);
    if (cached) return cached;
    const stored = await readJsonFile<ProjectRecord>(join(this.projectDir(id), 'project.json'));
    if (stored) this.records.set(id, stored);
    return stored;
  }

  async getOrCreate(id: string): Promise<ProjectRecord> {
    const found = await this.get(id);
    if (found) return found;
    const record: ProjectRecord = {
      id,
      versions: [],
      synced: false,
      updatedAt: new Date().toISOString(),
    };
    this.records.set(id, record);
    return record;
  }

  /** Applies `change` and writes the record. */
  async update(id: string, change: (record: ProjectRecord) => void): Promise<ProjectRecord> {
    const record = await this.getOrCreate(id);
    change(record);
    record.updatedAt = new Date().toISOString();
    await writeJsonAtomic(join(this.projectDir(id), 'project.json'), record);
    return record;
  }

  async annotatedTasks(id: string): Promise<AnnotatedTasks> {
    const cached = this.annotated.get(id);
    if (cached) return cached;
    const stored =
      (await readJsonFile<AnnotatedTasks>(join(this.projectDir(id), 'annotated.json'))) ?? {};
    this.annotated.set(id, stored);
    return stored;
  }

  async updateAnnotatedTasks(id: string, change: (tasks: AnnotatedTasks) => void): Promise<void> {
    const tasks = await this.annotatedTasks(id);
    change(tasks);
    await writeJsonAtomic(join(this.projectDir(id), 'annotated.json'), tasks);
  }

  async replaceAnnotatedTasks(id: string, tasks: AnnotatedTasks): Promise<void> {
    this.annotated.set(id, tasks);
    await writeJsonAtomic(join(this.projectDir(id), 'annotated.json'), tasks);
  }

  async saveHead(id: string, seq: number, head: unknown): Promise<void> {
    await writeJsonAtomic(join(this.projectDir(id), 'heads', `${seq}.json`), head);
    this.heads.set(`${id}/${seq}`, head);
  }

  async head(id: string, seq: number): Promise<unknown> {
    const key = `${id}/${seq}`;
    if (this.heads.has(key)) return this.heads.get(key);
    const head = await readJsonFile<unknown>(join(this.projectDir(id), 'heads', `${seq}.json`));
    if (head === undefined) throw new Error(`project ${id}: the head of version ${seq} is missing`);
    this.heads.set(key, head);
    return head;
  }

  /** The file of a stored head (the head.json format of `prelabel train`). */
  headPath(id: string, seq: number): string {
    return join(this.projectDir(id), 'heads', `${seq}.json`);
  }

  /** The folder of a stored audio head (the model folder `prelabel train` writes for audio). */
  headDir(id: string, seq: number): string {
    return join(this.projectDir(id), 'heads', String(seq));
  }

  private featuresPath(id: string, backbone: string): string {
    if (!/^[0-9a-f]{64}$/.test(backbone)) throw new Error(`"${backbone}" is not a SHA-256`);
    return join(this.projectDir(id), 'features', `${backbone}.json`);
  }

  /** Cached feature vectors of the project's media from the extractor with this SHA-256. */
  async features(id: string, backbone: string): Promise<Map<string, Float32Array>> {
    const key = `${id}/${backbone}`;
    const cached = this.featureSets.get(key);
    if (cached) return cached;
    const stored =
      (await readJsonFile<Record<string, string>>(this.featuresPath(id, backbone))) ?? {};
    const loaded = new Map(
      Object.entries(stored).map(([k, b64]) => {
        const bytes = Buffer.from(b64, 'base64');
        return [k, new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4).slice()];
      }),
    );
    this.featureSets.set(key, loaded);
    return loaded;
  }

  /** Replaces the project's cached features (those of its current annotated images). */
  async saveFeatures(
    id: string,
    backbone: string,
    features: Map<string, Float32Array>,
  ): Promise<void> {
    const json: Record<string, string> = {};
    for (const [k, f] of features) {
      json[k] = Buffer.from(f.buffer, f.byteOffset, f.byteLength).toString('base64');
    }
    await writeJsonAtomic(this.featuresPath(id, backbone), json);
    this.featureSets.set(`${id}/${backbone}`, features);
  }

  async remove(id: string): Promise<boolean> {
    const existed = (await this.get(id)) !== undefined;
    this.records.delete(id);
    this.annotated.delete(id);
    for (const key of [...this.heads.keys()]) if (key.startsWith(`${id}/`)) this.heads.delete(key);
    for (const key of [...this.featureSets.keys()]) {
      if (key.startsWith(`${id}/`)) this.featureSets.delete(key);
    }
    await removeTree(this.projectDir(id));
    return existed;
  }
}
