// The worker's learner store: trains a text head (src/learn) on the annotated
// tasks it is given, keeps every version with its annotation count and an
// honest quality estimate, knows the current one, rolls back, imports and
// exports head files. One scope per Label Studio project (or the dropped
// tasks). Retrains start from the current head (warm start) and reuse the
// texts' hashed counts (TextFeatureCache): one more annotation costs little.
// A new version is usable (predict, push, run) as soon as its head is
// trained; its quality estimate runs afterwards, one fold at a time between
// the worker's other work, and is filled into the version when done.
import { examplesFromTasks } from '../../core/annotations';
import type { LabelingConfig } from '../../core/config/types';
import type { LsTask } from '../../core/tasks/types';
import { AUDIO_OBJECTS } from '../../core/mapping/audio-targets';
import { parseHead, type DenseHead, type Head, type TextHead } from '../../learn/head';
import { softmaxLayerText } from '../../learn/linear-head';
import { EMBEDDING_SIZE } from '../../models/audio-classification/clip-embedding';
import { parseLinearHead } from '../../models/audio-classification/family';
import { checkHead } from '../../models/audio-classification/linear-head';
import {
  estimateQualitySteps,
  type QualityEstimate,
  type QualityOptions,
} from '../../learn/quality';
import { trainTextClassifier } from '../../learn/text-classifier';
import { TextFeatureCache } from '../../learn/text-feature-cache';
import type { LearnState, LearnVersion, TrainNotes } from './types';
import type { StoredVersion, VersionStore } from './version-store';

/** Above this many annotations the app scores one stratified 20 % hold-out, not 5 folds. */
export const HOLD_OUT_ABOVE = 2000;

/** What the page is shown of a training's problems (the rest are counted). */
export const SHOWN_PROBLEMS = 20;

/** Exactly what `prelabel train --out` writes. */
export function headFileText(head: Head): string {
  return `${JSON.stringify(head)}\n`;
}

/** `text-tfidf-logreg@120-annotations.json` (safe in every file system). */
function headFileName(modelVersion: string): string {
  return `${modelVersion.replace(/[^\w.@-]+/g, '_')}.json`;
}

function publicVersion(v: StoredVersion): LearnVersion {
  const { scope: _scope, fileText: _text, ...shown } = v;
  return shown;
}

export class NothingToLearnError extends Error {
  constructor(
    message: string,
    readonly notes: TrainNotes,
  ) {
    super(message);
    this.name = 'NothingToLearnError';
  }
}

export interface LearnerOptions {
  /** Gives the worker's messages a turn between two folds (default: a macrotask). */
  yieldToEvents?: () => Promise<void>;
  /** Default: leave-one-out up to 20, 5-fold, a 20 % hold-out above HOLD_OUT_ABOVE. */
  quality?: QualityOptions;
}

/** A version's estimate still to compute, one fold per step. */
interface QualityJob {
  version: StoredVersion;
  steps: Generator<void, QualityEstimate>;
  done: ((q: QualityEstimate) => void)[];
}

const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export interface TrainRequest {
  config: LabelingConfig;
  tasks: readonly LsTask[];
  /** The `<Choices>` to learn (default: the first on a Text). */
  control?: string;
}

export class Learner {
  private readonly cache = new TextFeatureCache();
  private readonly heads = new Map<string, TextHead>();
  private readonly loaded = new Map<string, StoredVersion[]>();
  /** Trainings, imports and rollbacks one at a time (the watch and the panel may ask together). */
  private queue: Promise<unknown> = Promise.resolve();

  /** Newest last; the newest runs first, older ones resume after (none is dropped). */
  private readonly jobs: QualityJob[] = [];
  private running = false;
  private holds = 0;
  private released: (() => void)[] = [];
  /** Called when any estimate is filled in. */
  private filled: (() => void)[] = [];
  private readonly yieldToEvents: () => Promise<void>;
  private readonly qualityOptions: QualityOptions;

  constructor(
    private readonly store: VersionStore,
    options: LearnerOptions = {},
  ) {
    this.yieldToEvents = options.yieldToEvents ?? macrotask;
    this.qualityOptions = options.quality ?? { holdOutAbove: HOLD_OUT_ABOVE };
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async versionsOf(scope: string): Promise<StoredVersion[]> {
    let list = this.loaded.get(scope);
    if (!list) {
      list = (await this.store.list(scope)).sort((a, b) => a.id - b.id);
      this.loaded.set(scope, list);
      // Pending in an earlier worker that stopped before the estimate was done.
      for (const v of list.filter((x) => x.qualityPending)) {
        v.quality = { ...v.quality, reason: 'not estimated: the worker stopped first' };
        delete v.qualityPending;
        await this.store.put(v);
      }
    }
    return list;
  }

  /** The head of a stored version, parsed once. */
  headOf(version: StoredVersion): TextHead {
    const key = `${version.scope}\u0000${version.id}`;
    let head = this.heads.get(key);
    if (!head) {
      head = parseHead(JSON.parse(version.fileText), version.fileName) as TextHead;
      this.heads.set(key, head);
    }
    return head;
  }

  async state(scope: string): Promise<LearnState> {
    const versions = await this.versionsOf(scope);
    const current = await this.store.current(scope);
    return {
      scope,
      versions: versions.map(publicVersion),
      currentId: current ?? versions.at(-1)?.id ?? null,
      inMemory: !this.store.persistent,
    };
  }

  async current(scope: string): Promise<StoredVersion | undefined> {
    const versions = await this.versionsOf(scope);
    const id = await this.store.current(scope);
    return versions.find((v) => v.id === id) ?? versions.at(-1);
  }

  async version(scope: string, id: number): Promise<StoredVersion> {
    const found = (await this.versionsOf(scope)).find((v) => v.id === id);
    if (!found) throw new Error(`there is no version ${id} of this project's head`);
    return found;
  }

  private async add(scope: string, version: Omit<StoredVersion, 'id' | 'scope'>) {
    const versions = await this.versionsOf(scope);
    const stored: StoredVersion = {
      ...version,
      scope,
      id: (versions.at(-1)?.id ?? 0) + 1,
    };
    await this.store.put(stored);
    await this.store.setCurrent(scope, stored.id);
    versions.push(stored);
    return stored;
  }

  /**
   * Trains a new version on the tasks' annotations and makes it current.
   * Throws NothingToLearnError (with its notes) when no annotation is usable.
   */
  train(
    scope: string,
    request: TrainRequest,
  ): Promise<{ version: LearnVersion; notes: TrainNotes }> {
    return this.exclusive(() => this.trainNow(scope, request));
  }

  private async trainNow(
    scope: string,
    request: TrainRequest,
  ): Promise<{ version: LearnVersion; notes: TrainNotes }> {
    const extracted = examplesFromTasks(
      request.config,
      request.tasks,
      request.control ? { control: request.control } : {},
    );
    const notes: TrainNotes = {
      tasks: request.tasks.length,
      examples: extracted.examples.length,
      skippedTasks: extracted.skippedTasks,
      unannotatedTasks: extracted.unannotatedTasks,
      conflictingTasks: extracted.conflictingTasks,
      problems: extracted.problems.slice(0, SHOWN_PROBLEMS).map((p) => p.message),
      problemCount: extracted.problems.length,
    };
    const { source } = extracted;
    if (!source) {
      throw new NothingToLearnError(notes.problems[0] ?? 'nothing to learn', notes);
    }
    if (extracted.examples.length === 0) {
      throw new NothingToLearnError(
        `no usable annotation for <Choices name="${source.control}"> in ${request.tasks.length} task(s) yet`,
        notes,
      );
    }
    const options = { labels: source.labels, multiple: source.multiple, featureCache: this.cache };
    const previous = await this.current(scope);
    // An audio head's file is a softmax layer, not a head file: nothing to start from.
    const warm = previous && !previous.audioFolder ? this.headOf(previous) : undefined;
    const head = trainTextClassifier(extracted.examples, {
      ...options,
      ...(warm?.learner === 'text-tfidf-logreg' ? { warmStart: warm } : {}),
    });
    const stored = await this.add(scope, {
      modelVersion: head.modelVersion,
      annotationCount: head.annotationCount,
      quality: {
        method: 'none',
        folds: 0,
        examples: head.annotationCount,
        accuracy: null,
        macroF1: null,
        reason: 'being estimated',
      },
      qualityPending: true,
      labels: head.labels,
      control: source.control,
      createdAt: head.createdAt,
      origin: 'trained',
      fileName: headFileName(head.modelVersion),
      fileText: headFileText(head),
    });
    this.heads.set(`${scope}\u0000${stored.id}`, head);
    // Scored by models that never saw the example (cold folds, no warm start from the head).
    this.jobs.push({
      version: stored,
      steps: estimateQualitySteps(extracted.examples, { ...options, ...this.qualityOptions }),
      done: [],
    });
    this.runQuality();
    return { version: publicVersion(stored), notes };
  }

  /**
   * Holds the quality estimates back (the watch loop predicts and pushes
   * first); the returned function lets them go on.
   */
  holdQuality(): () => void {
    this.holds++;
    let once = false;
    return () => {
      if (once) return;
      once = true;
      if (--this.holds === 0) for (const go of this.released.splice(0)) go();
    };
  }

  /** The version's estimate, once it is in (at once when it is). */
  quality(scope: string, id: number): Promise<QualityEstimate> {
    const job = this.jobs.find((j) => j.version.scope === scope && j.version.id === id);
    if (job) return new Promise((resolve) => job.done.push(resolve));
    return this.version(scope, id).then((v) => v.quality);
  }

  /** Resolves when the next estimate of the scope is filled in; at once when none is pending. */
  async nextQuality(scope: string): Promise<void> {
    if (!this.jobs.some((j) => j.version.scope === scope)) return;
    await new Promise<void>((resolve) => this.filled.push(resolve));
  }

  private runQuality(): void {
    if (this.running) return;
    this.running = true;
    void this.qualityLoop().finally(() => {
      this.running = false;
    });
  }

  private async qualityLoop(): Promise<void> {
    while (this.jobs.length > 0) {
      await this.yieldToEvents();
      while (this.holds > 0) await new Promise<void>((resolve) => this.released.push(resolve));
      const job = this.jobs.at(-1) as QualityJob;
      let estimate: QualityEstimate | undefined;
      try {
        const step = job.steps.next();
        if (step.done) estimate = step.value;
      } catch (error) {
        estimate = {
          method: 'none',
          folds: 0,
          examples: job.version.annotationCount,
          accuracy: null,
          macroF1: null,
          reason: `the estimate failed: ${error instanceof Error ? error.message : String(error)}`,
        };
      }
      if (!estimate) continue;
      this.jobs.splice(this.jobs.indexOf(job), 1);
      job.version.quality = estimate;
      delete job.version.qualityPending;
      try {
        await this.store.put(job.version);
      } catch {
        // kept in memory: the list shows it until a reload
      }
      for (const resolve of job.done) resolve(estimate);
      for (const resolve of this.filled.splice(0)) resolve();
    }
  }

  /**
   * Adds a head trained elsewhere (an image head on backbone features,
   * image-heads.ts) as a new current version, with its quality estimate.
   */
  addHead(
    scope: string,
    head: Head,
    quality: QualityEstimate,
    control: string,
  ): Promise<LearnVersion> {
    return this.addTrained(scope, head, quality, control, {
      fileName: headFileName(head.modelVersion),
      fileText: headFileText(head),
    });
  }

  /**
   * Adds an audio head (audio-heads.ts) as a new current version: kept as
   * the head.json of the sound-class folder `prelabel train` writes, under
   * the folder name it is exported and run as.
   */
  addAudioHead(
    scope: string,
    head: DenseHead,
    quality: QualityEstimate,
    control: string,
  ): Promise<LearnVersion> {
    const folder = headFileName(head.modelVersion).replace(/\.json$/, '');
    return this.addTrained(scope, head, quality, control, {
      fileName: `${folder}.zip`,
      fileText: softmaxLayerText(head),
      audioFolder: folder,
    });
  }

  private addTrained(
    scope: string,
    head: Head,
    quality: QualityEstimate,
    control: string,
    file: Pick<StoredVersion, 'fileName' | 'fileText' | 'audioFolder'>,
  ): Promise<LearnVersion> {
    return this.exclusive(async () => {
      const stored = await this.add(scope, {
        modelVersion: head.modelVersion,
        annotationCount: head.annotationCount,
        quality,
        labels: head.labels,
        control,
        createdAt: head.createdAt,
        origin: 'trained',
        ...file,
      });
      return publicVersion(stored);
    });
  }

  /**
   * Adds the head.json of a sound-class folder (from `prelabel train` on an
   * <Audio>, or an export) as a new current version named `folder`. Throws
   * naming the file when it is not one, or the config has no <Choices> on an
   * <Audio> with its labels.
   */
  importAudioHead(
    scope: string,
    file: { fileName: string; folder: string; text: string },
    config: LabelingConfig | null,
  ): Promise<LearnVersion> {
    return this.exclusive(async () => {
      let layer;
      try {
        layer = parseLinearHead(JSON.parse(file.text));
        checkHead(layer, EMBEDDING_SIZE * 2);
      } catch (error) {
        throw new Error(`${file.fileName}: not an audio head (${(error as Error).message})`, {
          cause: error,
        });
      }
      const labels = layer.classNames;
      const audios = new Set(
        config?.objects.filter((o) => AUDIO_OBJECTS.includes(o.tag)).map((o) => o.name),
      );
      const control =
        config?.controls.find(
          (c) =>
            c.tag === 'Choices' &&
            c.toName.some((n) => audios.has(n)) &&
            c.labels.some((l) => labels.includes(l.name)),
        )?.name ?? '';
      if (!control) {
        throw new Error(
          `${file.fileName} is an audio head: the labeling config has no <Choices> on an <Audio> with its labels (${labels.join(', ')})`,
        );
      }
      const stored = await this.add(scope, {
        modelVersion: file.folder,
        annotationCount: 0,
        quality: {
          method: 'none',
          folds: 0,
          examples: 0,
          accuracy: null,
          macroF1: null,
          reason: `imported from ${file.fileName}`,
        },
        labels,
        control,
        createdAt: new Date().toISOString(),
        origin: 'imported',
        fileName: `${file.folder}.zip`,
        fileText: file.text,
        audioFolder: file.folder,
      });
      return publicVersion(stored);
    });
  }

  /** Makes an earlier version current again (later ones are kept). */
  rollback(scope: string, id: number): Promise<void> {
    return this.exclusive(async () => {
      await this.version(scope, id);
      await this.store.setCurrent(scope, id);
    });
  }

  /**
   * Adds a head file (from `prelabel train` or an export) as a new current
   * version. Throws naming the file when it is not a text head.
   */
  importHead(
    scope: string,
    fileName: string,
    text: string,
    config: LabelingConfig | null,
  ): Promise<LearnVersion> {
    return this.exclusive(() => this.importNow(scope, fileName, text, config));
  }

  private async importNow(
    scope: string,
    fileName: string,
    text: string,
    config: LabelingConfig | null,
  ): Promise<LearnVersion> {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new Error(`${fileName} is not valid JSON: ${(error as Error).message}`, {
        cause: error,
      });
    }
    const head = parseHead(json, fileName);
    // An image head fills a <Choices> on an <Image>: the config must have one with its labels.
    const images = new Set(config?.objects.filter((o) => o.tag === 'Image').map((o) => o.name));
    const onImage = (toName: readonly string[]) => toName.some((n) => images.has(n));
    const control =
      config?.controls.find(
        (c) =>
          c.tag === 'Choices' &&
          (head.learner !== 'dense-logreg' || onImage(c.toName)) &&
          c.labels.some((l) => head.labels.includes(l.name)),
      )?.name ?? '';
    if (head.learner === 'dense-logreg' && !control) {
      throw new Error(
        `${fileName} is an image head (learner ${head.learner}): the labeling config has no <Choices> on an <Image> with its labels (${head.labels.join(', ')})`,
      );
    }
    const stored = await this.add(scope, {
      modelVersion: head.modelVersion,
      annotationCount: head.annotationCount,
      quality: {
        method: 'none',
        folds: 0,
        examples: 0,
        accuracy: null,
        macroF1: null,
        reason: `imported from ${fileName}`,
      },
      labels: head.labels,
      control,
      createdAt: new Date().toISOString(),
      origin: 'imported',
      fileName,
      fileText: text,
    });
    if (head.learner === 'text-tfidf-logreg') this.heads.set(`${scope}\u0000${stored.id}`, head);
    return publicVersion(stored);
  }
}
