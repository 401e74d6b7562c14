// What the CLI loop (and the server) see of a model: an image predictor reads
// each task's decoded image; a package predictor (text, audio) the task itself.
import type { LsTask } from '../../core/tasks/types';
import type { FinishedPrediction } from '../../core/predict';
import type { AudioStream, RgbaImage } from '../../models/types';

export interface TaskPrediction extends FinishedPrediction {
  unmapped?: Record<string, number>;
}

export interface Predictor {
  /** One line for the log: model, family, target control. */
  description: string;
  modelVersion: string;
  /** The model's class names, for checks before the run (undefined: not a class model). */
  classNames?: readonly string[];
  /** Object tag whose data key holds the image. */
  imageObject: string;
  predict(image: RgbaImage, task: LsTask, taskIndex: number): Promise<TaskPrediction>;
  release(): Promise<void>;
}

/** A text or audio model with its target control chosen. */
export interface PackageTaskPredictor {
  /** One line for the log: model, family, target control. */
  description: string;
  modelVersion: string;
  modality: 'text' | 'audio' | 'image';
  /** The object tag the model reads (Text, HyperText, Paragraphs, Audio, Image). */
  object: string;
  /** `media`: the task's audio file (audio models) or decoded image (image heads). */
  predict(
    task: LsTask,
    taskIndex: number,
    media?: AudioStream | RgbaImage,
  ): Promise<TaskPrediction>;
  release(): Promise<void>;
}
