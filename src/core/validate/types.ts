// What the validator reports. An empty list means Label Studio will load the
// prediction as written (the editor drops bad results silently, so we must not).

export interface ValidationIssue {
  /** 0-based index into `prediction.result`, when the issue is about one result. */
  resultIndex?: number;
  /** The result's `id`, when it has one. */
  id?: string;
  /** The result's `from_name`, when it has one. */
  fromName?: string;
  /** A sentence that names the result/label, says what is wrong and how to fix it. */
  message: string;
}

/** A ValidationIssue tagged with the task it belongs to, for per-task reporting. */
export interface TaskValidationIssue extends ValidationIssue {
  /** Position of the task in the list the caller validated. */
  taskIndex?: number;
  /** The task's Label Studio `id`, when it has one. */
  taskId?: number;
  /** 0-based index into the predictions passed for this task. */
  predictionIndex?: number;
}
