// Validates the predictions made for one task and tags each issue with the
// task, so a run over many tasks can be reported task by task.

import type { LabelingConfig } from '../config/types';
import type { LsTask } from '../tasks/types';
import type { TaskValidationIssue } from './types';
import { validatePrediction } from './validate-prediction';
import { isInteger, isObject } from './values';

export function validateTaskPredictions(
  task: LsTask | unknown,
  predictions: readonly unknown[],
  config: LabelingConfig,
  taskIndex?: number,
): TaskValidationIssue[] {
  const taskId = isObject(task) && isInteger(task['id']) ? task['id'] : undefined;
  const data = isObject(task) && isObject(task['data']) ? task['data'] : undefined;
  const label =
    taskId !== undefined
      ? `task ${taskId}`
      : taskIndex !== undefined
        ? `task #${taskIndex} (no id)`
        : 'task';
  const tag = (
    issue: Omit<TaskValidationIssue, 'message'> & { message: string },
  ): TaskValidationIssue => {
    const out: TaskValidationIssue = { ...issue };
    if (taskIndex !== undefined) out.taskIndex = taskIndex;
    if (taskId !== undefined) out.taskId = taskId;
    return out;
  };

  const issues: TaskValidationIssue[] = [];
  if (!data) issues.push(tag({ message: `${label}: has no "data" object to label` }));

  const many = predictions.length > 1;
  const versions = new Map<string, number>();
  predictions.forEach((prediction, p) => {
    const prefix = many ? `${label}, prediction ${p}` : label;
    for (const issue of validatePrediction(prediction, config, data ? { taskData: data } : {}))
      issues.push(tag({ ...issue, predictionIndex: p, message: `${prefix}: ${issue.message}` }));

    const version = isObject(prediction) ? prediction['model_version'] : undefined;
    if (typeof version !== 'string') return;
    const before = versions.get(version);
    if (before !== undefined)
      issues.push(
        tag({
          predictionIndex: p,
          message:
            `${prefix}: model_version "${version}" already has prediction ${before} for this task; ` +
            `the editor shows one prediction at a time, so put all regions of one run in ONE prediction`,
        }),
      );
    else versions.set(version, p);
  });
  return issues;
}
