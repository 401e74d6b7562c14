// STRICT validation of one prediction against the labeling config (fact sheet
// §1–§5). Label Studio drops bad results without a word, so every rule here
// mirrors something the editor or the strict server validator rejects.

import type { LabelingConfig } from '../config/types';
import type { LsPrediction } from '../results/types';
import { checkLinks } from './links';
import { checkResult, type ReportFn, type ResultInfo } from './result-check';
import type { ValidationIssue } from './types';
import { isFiniteNumber, isObject, show } from './values';

export interface ValidateOptions {
  /** The task's data: enables checks of text spans against the real text. */
  taskData?: Record<string, unknown>;
}

/**
 * Returns every problem found (empty = valid). Messages name the result
 * ("result 3" = `prediction.result[3]`), its from_name and the label.
 */
export function validatePrediction(
  prediction: LsPrediction | unknown,
  config: LabelingConfig,
  options: ValidateOptions = {},
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!isObject(prediction)) {
    return [
      {
        message: `a prediction must be an object {model_version, score, result}, got ${show(prediction)}`,
      },
    ];
  }
  const { model_version: version, score, result } = prediction;
  if (typeof version !== 'string' || version === '') {
    issues.push({
      message: `model_version must be a non-empty string (annotators see only the project's selected version), got ${show(version)}`,
    });
  }
  if (score !== undefined && (!isFiniteNumber(score) || score < 0 || score > 1)) {
    issues.push({
      message: `score must be a number in 0..1 (lowest = most uncertain), or be left out; got ${show(score)}`,
    });
  }
  if (!Array.isArray(result)) {
    issues.push({ message: `result must be a list of result items, got ${show(result)}` });
    return issues;
  }

  const report: ReportFn = (info, message) => {
    const issue: ValidationIssue = { resultIndex: info.index, message };
    if (info.id !== undefined) issue.id = info.id;
    if (info.fromName !== undefined) issue.fromName = info.fromName;
    issues.push(issue);
  };
  const infos: ResultInfo[] = [];
  result.forEach((item: unknown, i) => {
    const info = checkResult(item, i, config, report, options.taskData);
    if (info) infos.push(info);
  });
  checkLinks(infos, report);
  return issues;
}
