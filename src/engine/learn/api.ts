// The online-learning part of the engine's API (EngineApi extends it): train
// a text head from the engine's tasks, list and roll back versions, import
// and export head files, and watch a connected Label Studio project.
import type { Callback } from '../api';
import type {
  BackboneInfo,
  LearnHeadFile,
  LearnPredictions,
  LearnState,
  LearnTrainResult,
  WatchOptions,
  WatchStatus,
} from './types';

export interface LearnEngineApi {
  /** The versions of the current scope (the loaded project, or the dropped tasks). */
  learnState(): Promise<LearnState>;
  /**
   * Trains a new version on the annotations of the engine's tasks; rejects
   * saying why nothing could be learnt. Resolves once the head is trained
   * (usable); its quality estimate follows (`qualityPending`, see learnQuality).
   */
  learnTrain(options?: { control?: string }): Promise<LearnTrainResult>;
  /** Resolves with the state when the next pending quality estimate is filled in (at once when none is). */
  learnQuality(): Promise<LearnState>;
  /** Makes an earlier version current; while watching, its predictions are pushed with the next poll. */
  learnRollback(versionId: number): Promise<LearnState>;
  /**
   * The head file of a version (default: the current one), as `prelabel train`
   * writes it; an audio head: its sound-class folder, zipped.
   */
  learnExportHead(versionId?: number): Promise<LearnHeadFile>;
  /**
   * A head file from `prelabel train` or an export becomes the current
   * version (an audio head: the zipped folder, or its head.json alone).
   */
  learnImportHead(file: File): Promise<LearnState>;
  /** Polls the loaded Label Studio project, retrains, predicts and pushes (see watch-loop.ts). */
  learnWatchStart(options: WatchOptions, onStatus: Callback<WatchStatus>): Promise<WatchStatus>;
  learnWatchStop(): Promise<WatchStatus | null>;
  /** Polls at once (retry after an error). */
  learnWatchPollNow(): Promise<WatchStatus | null>;
  /**
   * The backbone image heads learn on (`<Choices>` on an `<Image>`): an
   * ImageNet-style classifier ONNX, cut to its pooled features; rejects naming
   * the file when they cannot be found.
   */
  learnSetBackbone(file: File): Promise<BackboneInfo>;
  learnBackbone(): Promise<BackboneInfo | null>;
  /**
   * The app's models/ folder: audio heads read the built-in openWakeWord
   * feature models (`openwakeword-embedding/`) from it, as audio runs read built-ins.
   */
  learnSetModelsBase(baseUrl: string): Promise<void>;
  /** A version's (default: the current one's) predictions for the tasks, as `prelabel predict` gives them (image heads). */
  learnPredict(versionId?: number): Promise<LearnPredictions>;
}
