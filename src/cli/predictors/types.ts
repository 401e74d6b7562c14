// One predictor per kind of model: the CLI loop only sees this.
import type { LsTask } from '../../core/tasks/types';
import type { FinishedPrediction } from '../../core/predict';
import type { RgbaImage } from '../../models/types';

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
