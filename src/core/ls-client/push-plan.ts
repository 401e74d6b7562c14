// Before anything is sent: what each item is (attach / import / upload), its
// journal key, and whether its prediction is valid for the project's config.
// Invalid predictions are listed, never sent: Label Studio would drop bad
// results silently (fact sheet §2).

import type { LabelingConfig } from '../config/types';
import { validatePrediction } from '../validate';
import type { PushAction, PushItem, PushItemReport } from './push-types';
import { dataKey } from './stable-key';

export interface PlannedItem {
  index: number;
  item: PushItem;
  action: PushAction;
  /** Journal key: server, project, model version and the task's identity. */
  key: string;
  report: PushItemReport;
  /** Existing task (attach) or the task an upload created. */
  taskId?: number;
}

function isTaskId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

function identity(item: PushItem, action: PushAction): string {
  if (action === 'attach') return `task:${item.task.id as number}`;
  if (action === 'upload') return `file:${item.key ?? item.media!.name}`;
  return `data:${item.key ?? dataKey(item.task.data)}`;
}

function isAnnotated(item: PushItem): boolean {
  const t = item.task;
  return (
    t.is_labeled === true ||
    (typeof t.total_annotations === 'number' && t.total_annotations > 0) ||
    (Array.isArray(t.annotations) && t.annotations.length > 0 && t.id !== undefined)
  );
}

/**
 * `offset`: the position of items[0] in the whole push; `seen` (journal key →
 * position) spans every window of one push, so a repeat is caught across them.
 */
export function planPush(
  items: readonly PushItem[],
  options: { server: string; projectId: number; config: LabelingConfig; skipAnnotated?: boolean },
  offset = 0,
  seen = new Map<string, number>(),
): PlannedItem[] {
  return items.map((item, at): PlannedItem => {
    const index = offset + at;
    const modelVersion = String(item.prediction?.model_version ?? '');
    const action: PushAction =
      item.task.id !== undefined ? 'attach' : item.media ? 'upload' : 'import';
    const report: PushItemReport = { index, action, status: 'would-send', modelVersion };
    if (action === 'upload') report.file = item.media!.name;
    const planned: PlannedItem = { index, item, action, key: '', report };

    if (action === 'attach' && !isTaskId(item.task.id)) {
      report.status = 'invalid';
      report.issues = [
        `task id ${JSON.stringify(item.task.id)} is not a Label Studio task id (a positive integer)`,
      ];
      return planned;
    }
    if (action === 'attach') {
      planned.taskId = item.task.id as number;
      report.taskId = planned.taskId;
    }
    planned.key = `${options.server}|${options.projectId}|${modelVersion}|${identity(item, action)}`;

    // Predictions-only records carry no task data: then only the config is checked.
    const data = item.task.data;
    const taskData = data && Object.keys(data).length > 0 ? data : undefined;
    const issues = validatePrediction(
      item.prediction,
      options.config,
      taskData ? { taskData } : {},
    );
    if (issues.length > 0) {
      report.status = 'invalid';
      report.issues = issues.map((i) => i.message);
      return planned;
    }
    if (options.skipAnnotated && isAnnotated(item)) {
      report.status = 'skipped';
      report.reason = 'the task is already annotated';
      return planned;
    }
    const first = seen.get(planned.key);
    if (first !== undefined) {
      report.status = 'skipped';
      report.reason = `same task and model_version as item ${first + 1}`;
      return planned;
    }
    seen.set(planned.key, index);
    return planned;
  });
}
