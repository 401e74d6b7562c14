// Label Studio result items and predictions (fact sheet §1–§5).

export interface LsResult {
  id: string;
  from_name: string;
  to_name: string;
  type: string;
  value: Record<string, unknown>;
  original_width?: number;
  original_height?: number;
  image_rotation?: number;
  score?: number;
  readonly?: boolean;
  origin?: string;
  item_index?: number;
  meta?: Record<string, unknown>;
  /** Outliner nesting only (fact sheet §2): the id of another region of the same prediction. */
  parentID?: string;
}

export interface LsPrediction {
  model_version: string;
  /** The task score, 0..1: lower = less certain = label sooner (core/active/prediction-score.ts). */
  score?: number;
  /** Label Studio's Prediction.cluster: `prelabel rank` groups tasks by their features. */
  cluster?: number;
  result: LsResult[];
}
