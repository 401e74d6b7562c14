// What `prelabel serve` does for each Label Studio call, without HTTP: the
// routes (server.ts) parse and answer, this holds the projects, the loaded
// models, the training jobs, and the predictions.
import { basename } from 'node:path';
import { ConfigError, parseLabelingConfig, readDataPath } from '../core/config';
import type { LabelingConfig } from '../core/config';
import type { LsTask } from '../core/tasks/types';
import { UsageError } from '../cli/predict-args';
import { fetchAnnotatedTasks, mergeAnnotation, slimTask, taskKey } from './annotated-tasks';
import { HttpError } from './http-io';
import type { TextLearner, TextTarget } from './learner-adapter';
import { textExamples, textTargetOf } from './learner-adapter';
import type { Logger } from './logger';
import type { LabelStudioAccess } from './media';
import { MediaLoader } from './media';
import type { ServeModelOptions, ServePredictor, TaskMedia } from './model-adapter';
import { audioStreamOf } from '../models/predictor/audio-stream';
import { modelModality, PredictorCache } from './model-adapter';
import type { Modality } from '../models/types';
import type { ProjectRecord } from './project-store';
import { ProjectStore } from './project-store';
import type { PredictRequest, SetupRequest, TrainRequest, WebhookEvent } from './protocol';
import type { JobRecord } from './training/job-queue';
import { TrainingQueue } from './training/job-queue';
import { runTrainerInWorker } from './training/run-in-worker';
import { featureKey, type TrainInput } from './training/trainer-types';
import type { MediaKind, MediaTarget } from './media-learners';
import { MEDIA_LEARNERS, mediaExamples, mediaTargetOf } from './media-learners';
import { readBackboneRef } from '../cli/backbone-features';
import { embeddingSha256, writeAudioModel } from '../cli/audio-head-training';
import type { BackboneRef } from '../learn';

export interface BackendOptions {
  stateDir: string;
  model?: ServeModelOptions;
  learner: TextLearner;
  /**
   * `--backbone` without a model for the config: projects with a <Choices> on
   * an <Image> learn a dense head on this classifier's pooled features.
   */
  backbone?: string;
  /** LABEL_STUDIO_URL / LABEL_STUDIO_API_KEY: win over /setup's hostname and token. */
  labelStudio?: LabelStudioAccess;
  logger: Logger;
  /** Passed to the trainer module (seed, test gates). */
  trainerOptions?: Record<string, unknown>;
  /** /setup answers within Label Studio's 3 s: wait this long for a model to load. */
  setupWaitMs?: number;
}

/** One prediction per task, in Label Studio's shape. */
export interface TaskPrediction {
  result: unknown[];
  score?: number;
  model_version: string;
}

/**
 * A task's item in /predict's `results`: its prediction, or an empty list when
 * it failed. Label Studio reads each item as a list of predictions
 * (`ml/models.py` `_get_predictions_from_ml_backend`), so an empty one stores
 * nothing: the task keeps no prediction of this version and is asked for again
 * on the next run (an empty result would be stored and never retried, and its
 * score would sort it first).
 */
export type TaskAnswer = TaskPrediction | [];

const NO_PREDICTION: TaskAnswer = [];

type ProjectKind =
  | { kind: 'text'; target: TextTarget }
  | { kind: MediaKind; target: MediaTarget }
  | { kind: 'model' }
  | { kind: 'none'; reason: string };

/** The kinds the server learns online. */
type LearnerKind = Extract<ProjectKind, { kind: 'text' | MediaKind }>;
type MediaProject = Extract<ProjectKind, { kind: MediaKind }>;

const isLearner = (kind: ProjectKind): kind is LearnerKind =>
  kind.kind === 'text' || kind.kind === 'image' || kind.kind === 'audio';

function parseConfig(xml: string, field: string): LabelingConfig {
  try {
    return parseLabelingConfig(xml);
  } catch (error) {
    if (error instanceof ConfigError) throw new HttpError(400, `"${field}": ${error.message}`);
    throw error;
  }
}

/** A model that cannot label this config is the request's problem (400), not the server's. */
async function loadPredictor(loading: Promise<ServePredictor>): Promise<ServePredictor> {
  try {
    return await loading;
  } catch (error) {
    if (error instanceof UsageError) {
      throw new HttpError(400, `the model cannot label this config: ${error.message}`);
    }
    throw error;
  }
}

/** The object tags each kind of model reads. */
const OBJECTS_READ: Record<Modality, readonly string[]> = {
  image: ['Image'],
  text: ['Text', 'HyperText', 'Paragraphs'],
  audio: ['Audio', 'AudioPlus'],
};

/** A media project's newest head; an older one is released once no request uses it. */
interface HeadPredictor {
  seq: number;
  cache: PredictorCache;
  busy: number;
  stale: boolean;
}

const timeout = (ms: number) =>
  new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms).unref());

export class Backend {
  readonly store: ProjectStore;
  readonly jobs: TrainingQueue;
  readonly media = new MediaLoader();
  private readonly predictors?: PredictorCache;
  private modality?: Promise<Modality>;
  private backboneRef?: Promise<BackboneRef>;
  private embeddingSha?: Promise<string>;
  /** Per image or audio project: its newest head opened as `prelabel predict --model` does. */
  private readonly headPredictors = new Map<string, HeadPredictor>();
  readonly counters = { predictions: 0, failedTasks: 0, trainings: 0, failedTrainings: 0 };

  constructor(private readonly options: BackendOptions) {
    this.store = new ProjectStore(options.stateDir);
    this.jobs = new TrainingQueue((job, error) =>
      options.logger.error(
        `training job ${job.id} (project ${job.project}) failed: ${error.message}`,
      ),
    );
    if (options.model) {
      this.predictors = new PredictorCache(options.model, (p, ms) =>
        options.logger.info(
          `model loaded: ${p.description}, model_version ${p.modelVersion} (${ms.toFixed(0)} ms)`,
        ),
      );
    }
  }

  get modelClass(): string {
    if (this.options.model) return `Prelabel(${basename(this.options.model.model)})`;
    // The learners that answer without --model: text, image (with --backbone), audio (always).
    const image = this.options.backbone ? `+${MEDIA_LEARNERS.image.name}` : '';
    return `Prelabel(${this.options.learner.name}${image}+${MEDIA_LEARNERS.audio.name})`;
  }

  /**
   * Who answers a project: the `--model` when the config has an object it
   * reads (an image for image models, a text for text models), else the
   * built-in learner for a <Choices> on a <Text>, the image learner (with
   * --backbone) for a <Choices> on an <Image>, the audio learner for a
   * single <Choices> on an <Audio>; a model also gets configs it cannot
   * label, to say why (400).
   */
  private async kindOf(config: LabelingConfig): Promise<ProjectKind> {
    const target = textTargetOf(config);
    if (this.predictors) {
      this.modality ??= modelModality(this.options.model!.model);
      const reads = OBJECTS_READ[await this.modality];
      if (config.objects.some((o) => reads.includes(o.tag))) return { kind: 'model' };
    }
    if (target) return { kind: 'text', target };
    const image = mediaTargetOf(config, 'image');
    if (image && this.options.backbone) return { kind: 'image', target: image };
    const audio = mediaTargetOf(config, 'audio');
    if (audio && !audio.multiple) return { kind: 'audio', target: audio };
    if (this.predictors) return { kind: 'model' };
    if (image) {
      return {
        kind: 'none',
        reason: `this labeling config has a <Choices name="${image.fromName}"> on an <Image>: start prelabel serve with --backbone M.onnx (an ImageNet classifier) to learn it from the annotations, or with --model to predict it`,
      };
    }
    if (audio) {
      return {
        kind: 'none',
        reason: `<Choices name="${audio.fromName}"> on an <Audio> is choice="multiple": the audio learner gives one label per clip (the sound-class family uses softmax)`,
      };
    }
    return {
      kind: 'none',
      reason:
        'this labeling config has no <Choices> on a <Text> or an <Audio> (the built-in learners) and the server was started without --model',
    };
  }

  private learnerName(kind: LearnerKind): string {
    return kind.kind === 'text' ? this.options.learner.name : MEDIA_LEARNERS[kind.kind].name;
  }

  /** The backbone's ref (SHA-256, feature tensor, name), read once. */
  private backbone(): Promise<BackboneRef> {
    this.backboneRef ??= readBackboneRef(this.options.backbone!).then((b) => b.ref);
    return this.backboneRef;
  }

  private access(record: ProjectRecord | undefined): LabelStudioAccess {
    const env = this.options.labelStudio ?? {};
    const hostname = env.hostname ?? record?.hostname;
    const token = env.token ?? record?.accessToken;
    return { ...(hostname ? { hostname } : {}), ...(token ? { token } : {}) };
  }

  /**
   * The project's newest version of this kind's learner. A project whose
   * config switched kind (text to image, say) keeps its other heads, but
   * never predicts with them.
   */
  private latestOf(record: ProjectRecord | undefined, kind: LearnerKind) {
    const prefix = `${this.learnerName(kind)}.v`;
    return record?.versions.findLast((v) => v.name.startsWith(prefix));
  }

  private learnerVersionName(record: ProjectRecord, kind: LearnerKind): string {
    return this.latestOf(record, kind)?.name ?? `${this.learnerName(kind)}.v0`;
  }

  async setup(request: SetupRequest): Promise<{ model_version: string }> {
    const config = parseConfig(request.schema, 'schema');
    const kind = await this.kindOf(config);
    if (kind.kind === 'none') throw new HttpError(400, kind.reason);
    const record = await this.store.update(request.projectId, (r) => {
      r.uid = request.uid;
      r.labelConfig = request.schema;
      if (request.hostname) r.hostname = request.hostname;
      if (request.accessToken) r.accessToken = request.accessToken;
    });
    if (isLearner(kind)) return { model_version: this.learnerVersionName(record, kind) };
    const loading = loadPredictor(this.predictors!.get(request.schema));
    const first = await Promise.race([loading, timeout(this.options.setupWaitMs ?? 2000)]);
    if (first === 'timeout') {
      // Label Studio calls /setup again before predicting; each prediction carries the real version.
      this.options.logger.info(`project ${request.projectId}: model still loading at /setup`);
      return { model_version: `${basename(this.options.model!.model)}@loading` };
    }
    // Which control the model fills in this project (the description names it).
    this.options.logger.info(`project ${request.projectId}: ${first.description}`);
    return { model_version: first.modelVersion };
  }

  /** The project's config: the request's, else the one /setup stored. */
  private async configOf(
    projectId: string | undefined,
    labelConfig: string | undefined,
  ): Promise<{ record: ProjectRecord | undefined; xml: string; config: LabelingConfig }> {
    const record = projectId ? await this.store.get(projectId) : undefined;
    const xml = labelConfig ?? record?.labelConfig;
    if (!xml) {
      throw new HttpError(
        400,
        `"label_config" is required: project ${projectId} has not been set up (no /setup yet)`,
      );
    }
    return { record, xml, config: parseConfig(xml, 'label_config') };
  }

  async predict(request: PredictRequest): Promise<TaskAnswer[]> {
    const { record, xml, config } = await this.configOf(request.projectId, request.labelConfig);
    const kind = await this.kindOf(config);
    if (kind.kind === 'none') throw new HttpError(400, kind.reason);
    const answers =
      kind.kind === 'text'
        ? await this.predictText(request, record, kind.target)
        : kind.kind === 'image' || kind.kind === 'audio'
          ? await this.predictMedia(request, record, xml, kind)
          : await this.predictWithModel(
              request,
              record,
              await loadPredictor(this.predictors!.get(xml)),
            );
    this.counters.predictions += answers.length;
    return answers;
  }

  private fail(request: PredictRequest, index: number, cause: string) {
    this.counters.failedTasks++;
    const task = request.tasks[index]!;
    this.options.logger.warn(
      `project ${request.projectId ?? '-'} task ${task.id ?? `#${index + 1}`}: no prediction (asked again next run): ${cause}`,
    );
  }

  /** A project's newest head of this kind; none yet is logged (the caller answers an empty list). */
  private latestHead(
    request: PredictRequest,
    record: ProjectRecord | undefined,
    kind: LearnerKind,
  ) {
    const latest = this.latestOf(record, kind);
    if (!latest) {
      // An empty list stores nothing in Label Studio (ml/models.py), unlike empty results.
      this.options.logger.info(
        `project ${request.projectId ?? '-'}: not trained yet (no annotations received): no predictions`,
      );
    }
    return latest;
  }

  private async predictText(
    request: PredictRequest,
    record: ProjectRecord | undefined,
    target: TextTarget,
  ): Promise<TaskAnswer[]> {
    const latest = this.latestHead(request, record, { kind: 'text', target });
    if (!record || !latest) return [];
    const head = await this.store.head(record.id, latest.seq);
    return request.tasks.map((task, i) => {
      const text = readDataPath(task.data, target.dataKey);
      if (typeof text !== 'string') {
        this.fail(request, i, `data.${target.dataKey} is not text`);
        return NO_PREDICTION;
      }
      try {
        const { result, score } = this.options.learner.predict(head, text, target);
        return { result, score, model_version: latest.name };
      } catch (error) {
        this.fail(request, i, (error as Error).message);
        return NO_PREDICTION;
      }
    });
  }

  /**
   * The newest head as `prelabel predict` runs it: an image head.json with
   * `--backbone`, an audio model folder.
   */
  private async predictMedia(
    request: PredictRequest,
    record: ProjectRecord | undefined,
    xml: string,
    kind: MediaProject,
  ): Promise<TaskAnswer[]> {
    const latest = this.latestHead(request, record, kind);
    if (!record || !latest) return [];
    let entry = this.headPredictors.get(record.id);
    if (entry?.seq !== latest.seq) {
      const old = entry;
      entry = {
        seq: latest.seq,
        cache: new PredictorCache({
          model:
            kind.kind === 'image'
              ? this.store.headPath(record.id, latest.seq)
              : this.store.headDir(record.id, latest.seq),
          ...(kind.kind === 'image' ? { backbone: this.options.backbone! } : {}),
          modelVersion: latest.name,
        }),
        busy: 0,
        stale: false,
      };
      this.headPredictors.set(record.id, entry);
      if (old) {
        old.stale = true;
        if (old.busy === 0) void old.cache.releaseAll();
      }
    }
    const used = entry;
    used.busy++;
    try {
      return await this.predictWithModel(request, record, await loadPredictor(used.cache.get(xml)));
    } finally {
      // Requests still running on an older head finish on it; the last one releases it.
      if (--used.busy === 0 && used.stale) void used.cache.releaseAll();
    }
  }

  private async predictWithModel(
    request: PredictRequest,
    record: ProjectRecord | undefined,
    predictor: ServePredictor,
  ): Promise<TaskAnswer[]> {
    const access = this.access(record);
    const answerOf = async (task: LsTask, i: number): Promise<TaskAnswer> => {
      try {
        const ref = predictor.dataKey ? readDataPath(task.data, predictor.dataKey) : undefined;
        // Text models read the task's data; image and audio models the fetched file.
        const media: TaskMedia =
          predictor.modality === 'image'
            ? await this.media.image(ref, access)
            : predictor.modality === 'audio'
              ? audioStreamOf(new Uint8Array(await this.media.bytes(ref, access)), String(ref))
              : undefined;
        const built = await predictor.predict(media, task, i);
        if (built.problems.length > 0) {
          this.options.logger.warn(
            `project ${request.projectId ?? '-'} task ${task.id ?? `#${i + 1}`}: ${built.problems.join('; ')}`,
          );
        }
        return {
          result: built.result,
          ...(built.score !== undefined ? { score: built.score } : {}),
          model_version: predictor.modelVersion,
        };
      } catch (error) {
        this.fail(request, i, (error as Error).message);
        return NO_PREDICTION;
      }
    };
    // Fetch and decode a few tasks ahead while the model runs (it takes one at a time).
    return mapBounded(request.tasks, 3, answerOf);
  }

  // ---- training -------------------------------------------------------------------------

  /** Text, audio (and image, with --backbone) projects train; others answer why not. */
  private async learnerProject(
    projectId: string,
    labelConfig: string | undefined,
  ): Promise<{ record: ProjectRecord; kind: LearnerKind } | { skipped: string }> {
    const record = await this.store.update(projectId, (r) => {
      if (labelConfig) r.labelConfig = labelConfig;
    });
    if (!record.labelConfig) {
      return { skipped: `project ${projectId} has no labeling config yet (no /setup)` };
    }
    const kind = await this.kindOf(parseConfig(record.labelConfig, 'label_config'));
    if (kind.kind === 'model') {
      return { skipped: `project ${projectId} is labelled by the fixed --model: nothing to train` };
    }
    if (kind.kind === 'none') return { skipped: `project ${projectId}: ${kind.reason}` };
    return { record, kind };
  }

  /** Label Studio 1.x `/train`: the body carries every annotated task. */
  async train(request: TrainRequest): Promise<JobRecord | { skipped: string }> {
    const project = await this.learnerProject(request.projectId, request.labelConfig);
    if ('skipped' in project) return project;
    const tasks = Object.fromEntries(request.tasks.map((t, i) => [taskKey(t, i), slimTask(t)]));
    await this.store.replaceAnnotatedTasks(request.projectId, tasks);
    // The body is the whole annotated set: nothing to fetch.
    await this.store.update(request.projectId, (r) => {
      r.synced = true;
    });
    return this.submitTraining(request.projectId, '/train', false);
  }

  async webhook(event: WebhookEvent): Promise<JobRecord | { skipped: string }> {
    const project = await this.learnerProject(event.projectId, event.labelConfig);
    if ('skipped' in project) return project;
    const { projectId } = event;
    if (event.deletedAnnotationIds.length > 0) {
      const gone = new Set(event.deletedAnnotationIds);
      await this.store.updateAnnotatedTasks(projectId, (tasks) => {
        for (const [key, task] of Object.entries(tasks)) {
          const kept = (task.annotations ?? []).filter(
            (a) => !gone.has((a as { id?: number }).id!),
          );
          if (kept.length === 0) delete tasks[key];
          else task.annotations = kept;
        }
      });
    }
    if (event.annotatedTasks.length > 0) {
      await this.store.updateAnnotatedTasks(projectId, (tasks) => {
        event.annotatedTasks.forEach((incoming, i) => {
          const key = taskKey(incoming, i);
          tasks[key] = mergeAnnotation(tasks[key], incoming);
        });
      });
    }
    // START_TRAINING and anything the body does not carry whole: fetch the project's annotations.
    const fullSync = event.action === 'START_TRAINING' || event.orphanAnnotations > 0;
    return this.submitTraining(projectId, event.action, fullSync);
  }

  private submitTraining(projectId: string, reason: string, fullSync: boolean): JobRecord {
    return this.jobs.submit(projectId, reason, (job) => this.runTraining(job, fullSync));
  }

  private async runTraining(job: JobRecord, fullSync: boolean) {
    const { logger } = this.options;
    let record = await this.store.get(job.project);
    if (!record?.labelConfig) throw new Error(`project ${job.project} was deleted or never set up`);
    const access = this.access(record);
    const client = this.media.client(access);
    if (client && (fullSync || !record.synced)) {
      const tasks = await fetchAnnotatedTasks(client, Number(job.project));
      await this.store.replaceAnnotatedTasks(
        job.project,
        Object.fromEntries(tasks.map((t, i) => [taskKey(t, i), slimTask(t)])),
      );
      record = await this.store.update(job.project, (r) => {
        r.synced = true;
      });
      logger.info(
        `project ${job.project}: ${tasks.length} annotated tasks fetched from Label Studio`,
      );
    } else if (fullSync && !client) {
      logger.warn(
        `project ${job.project}: no Label Studio hostname/token (no /setup, no LABEL_STUDIO_URL): training on the annotations received so far`,
      );
    }
    const config = parseConfig(record.labelConfig!, 'label_config');
    const kind = await this.kindOf(config);
    if (!isLearner(kind)) {
      throw new Error(
        'the labeling config has no <Choices> on a <Text>, an <Audio> (or an <Image>, with --backbone) any more',
      );
    }
    const stored = await this.store.annotatedTasks(job.project);
    const { examples, problems, cancelled } =
      kind.kind === 'text'
        ? textExamples(config, kind.target, Object.values(stored))
        : mediaExamples(config, kind.kind, kind.target, Object.values(stored), Object.keys(stored));
    for (const p of problems.slice(0, 20)) logger.warn(`project ${job.project}: ${p}`);
    if (examples.length === 0) {
      const tasks = Object.keys(stored).length;
      const why = [
        cancelled > 0 ? `${cancelled} with only cancelled annotations` : '',
        ...problems.slice(0, 3),
      ].filter(Boolean);
      throw new Error(
        `no usable annotations to train on (${tasks} annotated tasks)${why.length ? `: ${why.join('; ')}` : ''}`,
      );
    }
    this.counters.trainings++;
    const started = Date.now();
    logger.debug(`project ${job.project}: training on ${examples.length} examples (job ${job.id})`);
    const input: TrainInput = {
      project: job.project,
      labelConfig: record.labelConfig!,
      examples,
      ...(this.options.trainerOptions ? { options: this.options.trainerOptions } : {}),
    };
    const extractor = kind.kind === 'text' ? undefined : await this.mediaInput(input, record, kind);
    const trainer =
      kind.kind === 'text' ? this.options.learner.trainer : MEDIA_LEARNERS[kind.kind].trainer;
    const output = await runTrainerInWorker(trainer, input).catch((error: unknown) => {
      this.counters.failedTrainings++;
      throw error;
    });
    for (const p of output.problems ?? []) logger.warn(`project ${job.project} ${p}`);
    const used = examples.length - (output.problems?.length ?? 0);
    if (extractor) {
      // Kept: the features of the project's current annotated media, so the next job fetches none.
      const kept = new Map<string, Float32Array>();
      for (const e of examples) {
        const key = featureKey(e.task ?? '', e.text);
        const f = input.cached?.[key] ?? output.features?.[key];
        if (f) kept.set(key, f);
      }
      await this.store.saveFeatures(job.project, extractor, kept);
    }
    const seq = (record.versions.at(-1)?.seq ?? 0) + 1;
    const name = `${this.learnerName(kind)}.v${seq}-${used}ann`;
    if (kind.kind === 'audio') {
      // The folder `prelabel train` writes for audio: head.json + the feature models.
      await writeAudioModel(this.store.headDir(job.project, seq), output.head as string, true);
    } else {
      await this.store.saveHead(job.project, seq, output.head);
    }
    await this.store.update(job.project, (r) => {
      r.versions.push({
        name,
        seq,
        createdAt: new Date().toISOString(),
        examples: used,
        jobId: job.id,
        ...(output.metrics ? { metrics: output.metrics } : {}),
      });
    });
    logger.info(
      `project ${job.project}: trained ${name} on ${used} examples in ${Date.now() - started} ms`,
    );
    return {
      model_version: name,
      examples: used,
      ...(output.problems?.length ? { skipped: output.problems } : {}),
    };
  }

  /**
   * A media trainer's extra input: where to fetch the files, the features
   * already extracted for these tasks and files, and (images) the backbone.
   * Answers the SHA-256 naming the feature extractor (the cache's key).
   */
  private async mediaInput(
    input: TrainInput,
    record: ProjectRecord,
    kind: MediaProject,
  ): Promise<string> {
    const ref = kind.kind === 'image' ? await this.backbone() : undefined;
    if (!ref) this.embeddingSha ??= embeddingSha256();
    const extractor = ref ? ref.sha256 : await this.embeddingSha!;
    const cache = await this.store.features(record.id, extractor);
    const cached: Record<string, Float32Array> = {};
    for (const e of input.examples) {
      const key = featureKey(e.task ?? '', e.text);
      const f = cache.get(key);
      if (f) cached[key] = f;
    }
    input.cached = cached;
    input.media = this.access(record);
    if (ref) {
      input.options = { ...input.options, backbone: this.options.backbone!, backboneRef: ref };
    }
    return extractor;
  }

  async versions(projectId: string | undefined) {
    const record = projectId ? await this.store.get(projectId) : undefined;
    const kind = record?.labelConfig
      ? await this.kindOf(parseConfig(record.labelConfig, 'schema'))
      : undefined;
    const versions = record?.versions.map((v) => v.name) ?? [];
    let current: string | undefined =
      kind && isLearner(kind) ? this.latestOf(record, kind)?.name : record?.versions.at(-1)?.name;
    if (kind?.kind === 'model' && record?.labelConfig) {
      // The fixed model has one version; a config it does not fit has none.
      const predictor = await this.predictors!.get(record.labelConfig).catch(() => undefined);
      if (predictor) {
        current = predictor.modelVersion;
        versions.push(current);
      }
    }
    return {
      versions,
      current_version: current ?? null,
      history: record?.versions ?? [],
    };
  }

  async remove(projectId: string): Promise<boolean> {
    const heads = this.headPredictors.get(projectId);
    this.headPredictors.delete(projectId);
    await heads?.cache.releaseAll();
    return this.store.remove(projectId);
  }

  async close(): Promise<void> {
    await this.jobs.idle();
    await this.predictors?.releaseAll();
    const heads = [...this.headPredictors.values()];
    this.headPredictors.clear();
    await Promise.allSettled(heads.map((h) => h.cache.releaseAll()));
  }
}

/** `fn` over `items` with at most `limit` in flight; results in input order. */
async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}
