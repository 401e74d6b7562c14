// The learn* half of the worker's Engine: it owns the learner store and the
// watch loop, and reaches the rest of the engine only through LearnEngineHost
// (as EngineLs does). Training runs here, in the worker, never on the page.
import type { LabelingConfig } from '../../core/config/types';
import { LsError } from '../../core/ls-client';
import type { LsTask } from '../../core/tasks/types';
import type { Callback } from '../api';
import type { LsSession } from '../ls/session';
import { unlabelledTasks } from './annotation-changes';
import type { LearnEngineApi } from './api';
import { learnsAudio, learnsImages } from '../../core/annotations/learns-images';
import { fetchPackageText } from '../builtin-package';
import { loadModelBytes } from '../model-bytes';
import { BackboneKeeper, type KeptNote } from './backbone-keeper';
import { AudioHeads, isSoundClassHead, type AudioOf, type FeatureFileOf } from './audio-heads';
import { ImageHeads, type HeldBackbone, type ImageOf } from './image-heads';
import { Learner, SHOWN_PROBLEMS, type LearnerOptions } from './learner';
import { predictForPush } from './push-predictions';
import type {
  BackboneInfo,
  LearnHeadFile,
  LearnPredictions,
  LearnState,
  LearnTrainResult,
  LearnVersion,
  TrainNotes,
  WatchOptions,
  WatchStatus,
} from './types';
import { openVersionStore, type VersionStore } from './version-store';
import type { OnnxRuntime } from '../../models/predictor';
import type { RgbaImage } from '../../models/types';
import { webRuntime } from '../web-runtime';
import { WatchLoop, type WatchClock } from './watch-loop';

export interface LearnEngineHost {
  config(): LabelingConfig | null;
  tasks(): readonly LsTask[];
  /** The Label Studio session (watch reads and pushes through it). */
  session(): LsSession;
  /** `ls:<server>|<project>` when the tasks are a loaded project's, else `local`. */
  scope(): string;
  release(callback: unknown): void;
  /** A task's image (dropped file or URL) decoded to RGBA, for image heads. */
  image?: ImageOf;
  /** A task's audio file (dropped file or URL), for audio heads. */
  audio?: AudioOf;
  /** An image file decoded as a run decodes it (the watch's images come from the session). */
  decodeImage?(blob: Blob): Promise<RgbaImage>;
}

export interface EngineLearnOptions {
  openStore?: () => Promise<VersionStore>;
  clock?: WatchClock;
  learner?: LearnerOptions;
  /** The runtime image-head backbones and audio features run on (default: onnxruntime-web, WASM). */
  runtime?: () => OnnxRuntime;
  /** The built-in openWakeWord feature files (default: fetched from the models folder the page names). */
  featureFile?: FeatureFileOf;
  /** Bytes of image features kept (default FEATURE_CACHE_BYTES). */
  featureCacheBytes?: number;
  /** Largest backbone file kept across reloads (default BACKBONE_KEEP_MAX_BYTES). */
  backboneKeepMaxBytes?: number;
}

/** The built-in feature models of audio heads, in the app's models/ folder. */
const FEATURES_BUILTIN = 'openwakeword-embedding';

/** The versions of a Label Studio project, kept apart from other projects' and the dropped tasks'. */
export function projectScope(server: string, projectId: number): string {
  return `ls:${server}|${projectId}`;
}

/** How the watch reads a project's media: with the token, as runs do. */
interface ProjectMedia {
  imageOf: ImageOf;
  audioOf: AudioOf;
}

/** The backbone SHA-256 an image head file names (features.backbone.sha256), if any. */
function backboneShaOf(fileText: string): string | undefined {
  try {
    const head = JSON.parse(fileText) as { features?: { backbone?: { sha256?: unknown } } } | null;
    const sha = head?.features?.backbone?.sha256;
    return typeof sha === 'string' ? sha : undefined;
  } catch {
    return undefined;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class EngineLearn implements LearnEngineApi {
  private learner: Promise<Learner> | null = null;
  private versionStore: Promise<VersionStore> | null = null;
  /** The backbone file kept across reloads (IndexedDB, next to the versions). */
  private readonly keeper: BackboneKeeper;
  /** Whether each backbone (by SHA-256) is kept, for the panel. */
  private readonly kept = new Map<string, KeptNote>();
  /** Backbones that failed to come back from the store (not tried again). */
  private readonly unrestorable = new Set<string>();
  /** The restore under way (restoreBackbone), if any. */
  private restoring: Promise<void> | null = null;
  private watch: { loop: WatchLoop; scope: string; onStatus: Callback<WatchStatus> } | null = null;
  /** Image heads: the backbone and its cached features (image-heads.ts). */
  private readonly images: ImageHeads;
  /** Audio heads: the built-in feature models and the cached clip embeddings (audio-heads.ts). */
  private readonly audio: AudioHeads;
  /** The app's models/ folder (learnSetModelsBase). */
  private modelsBase: string | null = null;

  constructor(
    private readonly host: LearnEngineHost,
    private readonly options: EngineLearnOptions = {},
  ) {
    const runtime = options.runtime ?? (() => webRuntime('wasm'));
    this.images = new ImageHeads(runtime, options.featureCacheBytes);
    this.audio = new AudioHeads(runtime, options.featureFile ?? ((name) => this.featureFile(name)));
    this.keeper = new BackboneKeeper(() => this.versions(), options.backboneKeepMaxBytes);
  }

  /** A file of the built-in openWakeWord features, read as the audio run reads built-ins. */
  private async featureFile(name: string): Promise<Uint8Array> {
    if (!this.modelsBase) {
      throw new Error(
        `the page named no models folder, so the built-in ${FEATURES_BUILTIN} feature models cannot be read`,
      );
    }
    const baseUrl = new URL(`${FEATURES_BUILTIN}/`, this.modelsBase).href;
    if (!name.endsWith('.onnx')) {
      return new TextEncoder().encode(await fetchPackageText(baseUrl, name));
    }
    const url = new URL(name, baseUrl).href;
    return (
      await loadModelBytes({ kind: 'url', url }, () => undefined, { cache: false, label: name })
    ).bytes;
  }

  async learnSetModelsBase(baseUrl: string): Promise<void> {
    this.modelsBase = baseUrl;
  }

  private audioOf(): AudioOf {
    const audio = this.host.audio;
    if (!audio) throw new Error('this engine reads no task audio');
    return audio;
  }

  private imageOf(): ImageOf {
    const image = this.host.image;
    if (!image) throw new Error('this engine reads no task images');
    return image;
  }

  /** The watched project's while watching, else the host's. */
  private scope(): string {
    return this.watch?.scope ?? this.host.scope();
  }

  private versions(): Promise<VersionStore> {
    this.versionStore ??= (this.options.openStore ?? openVersionStore)();
    return this.versionStore;
  }

  private store(): Promise<Learner> {
    this.learner ??= this.versions().then((s) => new Learner(s, this.options.learner));
    return this.learner;
  }

  async learnState(): Promise<LearnState> {
    return (await this.store()).state(this.scope());
  }

  /**
   * What to learn from: a loaded project's tasks are read again with their
   * annotations (Label Studio lists them only when asked, and more may have
   * come since the load); dropped tasks are taken as they are.
   */
  private async annotated(
    scope: string,
  ): Promise<{ config: LabelingConfig; tasks: readonly LsTask[] }> {
    if (scope.startsWith('ls:')) {
      const session = this.host.session();
      try {
        return await session.readForWatch('learn-train');
      } catch (error) {
        if (!(error instanceof LsError)) throw error;
        throw new Error((await session.describeError(error)).message, { cause: error });
      }
    }
    const config = this.host.config();
    if (!config) throw new Error('no valid labeling config: drop one or load a project first');
    const tasks = this.host.tasks();
    if (tasks.length === 0) {
      throw new Error('no tasks: drop a Label Studio export with annotations');
    }
    return { config, tasks };
  }

  /** What `learnTrain` learns from in the current scope (Label next's committee learns from it too). */
  annotatedTasks(): Promise<{ config: LabelingConfig; tasks: readonly LsTask[] }> {
    return this.annotated(this.scope());
  }

  async learnTrain(options: { control?: string } = {}): Promise<LearnTrainResult> {
    const learner = await this.store();
    const scope = this.scope();
    const { config, tasks } = await this.annotated(scope);
    if (learnsAudio(config, options.control)) {
      const trained = await this.audio.train(
        learner,
        scope,
        { config, tasks, ...(options.control ? { control: options.control } : {}) },
        this.audioOf(),
      );
      return { state: await learner.state(scope), ...trained };
    }
    if (learnsImages(config, options.control)) {
      await this.restoreBackbone();
      const trained = await this.images.train(
        learner,
        scope,
        { config, tasks, ...(options.control ? { control: options.control } : {}) },
        this.imageOf(),
      );
      return { state: await learner.state(scope), ...trained };
    }
    const { version, notes } = await learner.train(scope, {
      config,
      tasks,
      ...(options.control ? { control: options.control } : {}),
    });
    return { state: await learner.state(scope), version, notes };
  }

  async learnQuality(): Promise<LearnState> {
    const learner = await this.store();
    const scope = this.scope();
    await learner.nextQuality(scope);
    return learner.state(scope);
  }

  async learnRollback(versionId: number): Promise<LearnState> {
    const learner = await this.store();
    const scope = this.scope();
    await learner.rollback(scope, versionId);
    // Watching: the project's unlabelled tasks get that version's predictions next.
    if (this.watch?.scope === scope) {
      this.watch.loop.publishNext(await learner.version(scope, versionId));
    }
    return learner.state(scope);
  }

  /** The given version of the current scope, else its current one; throws when there is none. */
  private async pickVersion(versionId?: number) {
    const learner = await this.store();
    const scope = this.scope();
    const version =
      versionId === undefined
        ? await learner.current(scope)
        : await learner.version(scope, versionId);
    if (!version) throw new Error('no head yet: train one first');
    return version;
  }

  async learnExportHead(versionId?: number): Promise<LearnHeadFile> {
    const version = await this.pickVersion(versionId);
    if (version.audioFolder) {
      const zip = await this.audio.zipOf(version);
      return {
        blob: new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }),
        fileName: version.fileName,
      };
    }
    return {
      blob: new Blob([version.fileText], { type: 'application/json' }),
      fileName: version.fileName,
    };
  }

  async learnImportHead(file: File): Promise<LearnState> {
    const learner = await this.store();
    const scope = this.scope();
    const config = this.host.config();
    if (/\.zip$/i.test(file.name)) {
      const head = await this.audio.headOfZip(file.name, new Uint8Array(await file.arrayBuffer()));
      await learner.importAudioHead(scope, head, config);
      return learner.state(scope);
    }
    const text = await file.text();
    if (isSoundClassHead(text)) {
      // A lone head.json of a sound-class folder: named after the file (zip the folder to keep its name).
      const folder = file.name.replace(/\.json$/i, '');
      await learner.importAudioHead(scope, { fileName: file.name, folder, text }, config);
    } else {
      await learner.importHead(scope, file.name, text, config);
    }
    return learner.state(scope);
  }

  async learnSetBackbone(file: File): Promise<BackboneInfo> {
    // A restore under way must not replace the dropped file once it is set.
    while (this.restoring) await this.restoring;
    const bytes = new Uint8Array(await file.arrayBuffer());
    const info = await this.images.setBackbone(bytes, file.name);
    const note = await this.keeper.keep(bytes, file.name, info.sha256);
    this.kept.set(info.sha256, note);
    return { ...info, ...note };
  }

  /** The held backbone's info with whether it is kept across reloads. */
  private backboneInfo(): BackboneInfo | null {
    const info = this.images.info;
    return info ? { ...info, ...this.kept.get(info.sha256) } : null;
  }

  /**
   * Holds a kept backbone again when none is held (after a reload): the one
   * of that SHA-256 (a head's), else the one set last, read from IndexedDB
   * and opened as a drop opens it. A backbone held now is never replaced
   * (the user's drop wins; a head on another one is refused naming both).
   * Nothing kept, or it no longer opens: nothing changes, and the caller
   * says what to drop.
   */
  async restoreBackbone(sha256?: string): Promise<BackboneInfo | null> {
    // One restore at a time: callers wait for the one under way, then look again.
    while (this.restoring) await this.restoring;
    if (this.images.info) return this.backboneInfo();
    if (sha256 !== undefined && this.unrestorable.has(sha256)) return null;
    const restoring = (async () => {
      const stored = await this.keeper.find(sha256);
      if (!stored || this.unrestorable.has(stored.sha256)) return;
      try {
        const info = await this.images.setBackbone(stored.bytes, stored.name);
        this.kept.set(info.sha256, { kept: true });
      } catch {
        this.unrestorable.add(stored.sha256);
      }
    })();
    this.restoring = restoring;
    try {
      await restoring;
    } finally {
      this.restoring = null;
    }
    return this.backboneInfo();
  }

  /**
   * The backbone's pooled features of images by reference, cached and
   * extracted as the image learner's (Label next's image committee); null
   * until a backbone is dropped.
   */
  async imageFeatures(): Promise<{
    sha256: string;
    of: (references: readonly string[]) => Promise<(Float32Array | Error)[]>;
  } | null> {
    const info = await this.restoreBackbone();
    if (!info) return null;
    return {
      sha256: info.sha256,
      of: (references) => this.images.featuresOf(references, this.imageOf()),
    };
  }

  async learnBackbone(): Promise<BackboneInfo | null> {
    return this.restoreBackbone();
  }

  /** The backbone held now, for a run of an image head (not part of LearnEngineApi). */
  heldBackbone(): HeldBackbone | null {
    return this.images.held();
  }

  /** The backbone held, a kept one (that SHA-256's, else the last set) restored first when none is. */
  async heldBackboneFor(sha256?: string): Promise<HeldBackbone | null> {
    await this.restoreBackbone(sha256);
    return this.images.held();
  }

  async learnPredict(versionId?: number): Promise<LearnPredictions> {
    const version = await this.pickVersion(versionId);
    if (version.audioFolder) {
      throw new Error(
        `${version.fileName} is an audio head: it runs as the page's audio model (Use for a run)`,
      );
    }
    const config = this.host.config();
    if (!config) throw new Error('no valid labeling config');
    await this.restoreBackbone(backboneShaOf(version.fileText));
    return this.images.predict(version, config, this.host.tasks(), this.imageOf());
  }

  /** A watched project's task image: fetched with the token (as runs fetch them), decoded as a run decodes. */
  private projectImage(session: LsSession): ImageOf {
    return async (reference) => {
      const decode = this.host.decodeImage;
      if (!decode) throw new Error('this engine decodes no images');
      return decode(await session.fetchTaskMedia(reference));
    };
  }

  /** A watched project's task audio: fetched with the token, as an audio run fetches it. */
  private projectAudio(session: LsSession): AudioOf {
    return async (reference) => {
      const blob = await session.fetchTaskMedia(reference);
      return { bytes: new Uint8Array(await blob.arrayBuffer()), name: reference };
    };
  }

  /**
   * The watch's training: an audio head when the project's <Choices> labels
   * an <Audio>/<AudioPlus>, an image head when it labels an <Image>, else a
   * text head.
   */
  private async watchTrain(
    scope: string,
    config: LabelingConfig,
    tasks: LsTask[],
    media: ProjectMedia,
  ): Promise<{ version: LearnVersion; notes: TrainNotes }> {
    const learner = await this.store();
    if (learnsAudio(config)) {
      return this.audio.train(learner, scope, { config, tasks }, media.audioOf);
    }
    if (!learnsImages(config)) return learner.train(scope, { config, tasks });
    if (!(await this.restoreBackbone())) {
      throw new Error(
        "the project's <Choices> labels an <Image>: an image head learns on a backbone; drop one (an ImageNet-style classifier ONNX, e.g. MobileNetV2) under Backbone in Online learning, and the next poll trains",
      );
    }
    return this.images.train(learner, scope, { config, tasks }, media.imageOf);
  }

  /** Predicts the unlabelled tasks with the version's head and pushes them. */
  private async publish(
    scope: string,
    version: LearnVersion,
    config: LabelingConfig,
    tasks: LsTask[],
    media: ProjectMedia,
  ): Promise<NonNullable<WatchStatus['lastPush']>> {
    const learner = await this.store();
    const stored = await learner.version(scope, version.id);
    const todo = unlabelledTasks(tasks);
    if (learnsImages(config, stored.control || undefined)) {
      await this.restoreBackbone(backboneShaOf(stored.fileText));
    }
    const { modelVersion, items, problems } = await predictForPush(
      { images: this.images, audio: this.audio, ...media },
      stored,
      config,
      todo,
    );
    const failed = problems.length;
    const summary = {
      modelVersion,
      sent: 0,
      failed,
      skipped: 0,
      tasks: todo.length,
      ...(problems.length > 0 ? { problems: problems.slice(0, SHOWN_PROBLEMS) } : {}),
    };
    if (items.length === 0) return summary;
    const result = await this.host
      .session()
      .pushAside(items, { dryRun: false, skipExisting: true });
    if (result.stopped) throw new LsError(result.stopped);
    return {
      ...summary,
      sent: result.summary.sent,
      failed: failed + result.summary.failed + result.summary.invalid,
      skipped: result.summary.skipped,
      retryable: result.retryable,
    };
  }

  async learnWatchStart(
    options: WatchOptions,
    onStatus: Callback<WatchStatus>,
  ): Promise<WatchStatus> {
    const session = this.host.session();
    if (!session.connected) throw new Error('connect to Label Studio first');
    if (!session.loadedProject) throw new Error('load a Label Studio project first');
    await this.learnWatchStop();
    const scope = projectScope(session.connected.server, session.loadedProject.id);
    const learner = await this.store();
    const media: ProjectMedia = {
      imageOf: this.projectImage(session),
      audioOf: this.projectAudio(session),
    };
    const loop = new WatchLoop(
      {
        read: (updatedAfter) =>
          session.readForWatch('learn-watch', updatedAfter ? { updatedAfter } : {}),
        train: (config, tasks) => this.watchTrain(scope, config, tasks, media),
        publish: (version, config, tasks) => this.publish(scope, version, config, tasks, media),
        async describe(error) {
          if (!(error instanceof LsError)) return { message: errorText(error) };
          const info = await session.describeError(error);
          return { message: info.message, kind: info.kind };
        },
        onStatus: (status) => {
          try {
            void Promise.resolve(onStatus(status) as unknown).catch(() => undefined);
          } catch {
            // the page went away
          }
        },
        hold: () => learner.holdQuality(),
        ...(this.options.clock ? { clock: this.options.clock } : {}),
      },
      options,
    );
    this.watch = { loop, scope, onStatus };
    // Resumed after an engine restart: a version trained and not pushed goes
    // with the first poll (the push journal keeps what already went from going twice).
    const unpushed = options.resumeFrom?.pushPendingId;
    if (unpushed !== undefined) {
      const version = await learner.version(scope, unpushed).catch(() => null);
      if (version) loop.publishNext(version);
    }
    loop.start();
    return structuredClone(loop.status);
  }

  async learnWatchStop(): Promise<WatchStatus | null> {
    const watch = this.watch;
    if (!watch) return null;
    this.watch = null;
    watch.loop.stop();
    this.host.session().cancel('learn-watch');
    this.host.release(watch.onStatus);
    return structuredClone(watch.loop.status);
  }

  async learnWatchPollNow(): Promise<WatchStatus | null> {
    const watch = this.watch;
    if (!watch) return null;
    await watch.loop.pollNow();
    return structuredClone(watch.loop.status);
  }

  /** For tests: the running loop. */
  get watchLoop(): WatchLoop | null {
    return this.watch?.loop ?? null;
  }
}
