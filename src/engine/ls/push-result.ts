// A finished push → what the panel shows: counts, reasons grouped, the first
// items a dry run would send; and a retry folded back into the push it retried,
// so the summary always covers the whole push.

import type {
  PushItem,
  PushItemReport,
  PushItemStatus,
  PushReport,
  PushSummary,
} from '../../core/ls-client';
import type { LsPushPreviewItem, LsPushResult, LsReasonGroup } from './types';

const MAX_GROUPS = 20;
const MAX_EXAMPLES = 5;
const PREVIEW_ITEMS = 5;
const PREVIEW_CHARS = 1200;

function who(item: PushItemReport): string {
  if (item.taskId !== undefined) return `task ${item.taskId}`;
  return item.file ?? `item ${item.index + 1}`;
}

/** Reasons differ only by the task they name: group them as one. */
function reasonKey(text: string): string {
  return text.replace(/\b(task|item) \d+\b/g, '$1 #');
}

export function groupReasons(report: PushReport): LsReasonGroup[] {
  const groups = new Map<string, LsReasonGroup>();
  for (const item of report.items) {
    if (item.status !== 'failed' && item.status !== 'invalid' && item.status !== 'skipped') {
      continue;
    }
    const reason = reasonKey(item.issues?.join('; ') ?? item.reason ?? 'no reason given');
    const key = `${item.status}|${reason}`;
    let group = groups.get(key);
    if (!group) {
      group = { status: item.status, reason, count: 0, examples: [] };
      groups.set(key, group);
    }
    group.count++;
    if (group.examples.length < MAX_EXAMPLES) group.examples.push(who(item));
  }
  const order: Record<LsReasonGroup['status'], number> = { failed: 0, invalid: 1, skipped: 2 };
  return [...groups.values()]
    .sort((a, b) => order[a.status] - order[b.status] || b.count - a.count)
    .slice(0, MAX_GROUPS);
}

function requestBody(entry: PushItemReport, item: PushItem): unknown {
  const p = item.prediction;
  const prediction = { result: p.result, score: p.score, model_version: p.model_version };
  if (entry.action === 'attach') return { task: entry.taskId, ...prediction };
  if (entry.action === 'upload') return { upload: entry.file, then: prediction };
  const { id: _id, predictions: _p, ...task } = item.task;
  return { ...task, predictions: [prediction] };
}

function cut(text: string): string {
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}\n…` : text;
}

/** Adds a window's first would-send items (reports[i] is items[i]'s) to `into`, up to a few. */
export function collectPreview(
  into: LsPushPreviewItem[],
  items: readonly PushItem[],
  reports: readonly PushItemReport[],
): void {
  reports.forEach((entry, i) => {
    const item = items[i];
    if (into.length >= PREVIEW_ITEMS || entry.status !== 'would-send' || !item) return;
    const preview: LsPushPreviewItem = {
      action: entry.action,
      modelVersion: entry.modelVersion,
      regions: Array.isArray(item.prediction.result) ? item.prediction.result.length : 0,
      body: cut(JSON.stringify(requestBody(entry, item), null, 2)),
    };
    if (entry.taskId !== undefined) preview.taskId = entry.taskId;
    if (entry.file !== undefined) preview.file = entry.file;
    if (typeof item.prediction.score === 'number') preview.score = item.prediction.score;
    into.push(preview);
  });
}

export function countStatuses(items: readonly PushItemReport[]): PushSummary {
  const summary: PushSummary = {
    total: items.length,
    sent: 0,
    skipped: 0,
    failed: 0,
    invalid: 0,
    wouldSend: 0,
  };
  const field: Record<PushItemStatus, Exclude<keyof PushSummary, 'total'>> = {
    sent: 'sent',
    skipped: 'skipped',
    failed: 'failed',
    invalid: 'invalid',
    'would-send': 'wouldSend',
  };
  for (const item of items) summary[field[item.status]]++;
  return summary;
}

/** Indices (into the pushed items) of the items whose push failed. */
export function failedIndices(report: PushReport): number[] {
  return report.items.filter((i) => i.status === 'failed').map((i) => i.index);
}

/**
 * `retry` pushed the items at `indices` of `previous` (retry item j = previous
 * item indices[j]): the result is `previous` with those items' outcomes replaced.
 */
export function mergeRetry(previous: PushReport, retry: PushReport, indices: number[]): PushReport {
  const items = previous.items.map((i) => ({ ...i }));
  for (const entry of retry.items) {
    const at = indices[entry.index];
    if (at !== undefined && items[at]) items[at] = { ...entry, index: at };
  }
  const merged: PushReport = {
    ...previous,
    dryRun: retry.dryRun,
    finishedAt: retry.finishedAt,
    modelVersions: [...new Set([...previous.modelVersions, ...retry.modelVersions])],
    // Once a server has shown it lacks the bulk endpoint, say so.
    attachEndpoint:
      retry.attachEndpoint === 'predictions' ? 'predictions' : previous.attachEndpoint,
    summary: countStatuses(items),
    items,
  };
  if (retry.stopped) merged.stopped = retry.stopped;
  else delete merged.stopped;
  return merged;
}

/** `preview`: the first items a dry run would send (see collectPreview). */
export function pushResult(
  report: PushReport,
  preview: readonly LsPushPreviewItem[],
  extra: { retried: boolean; journalInMemory: boolean },
): LsPushResult {
  const result: LsPushResult = {
    dryRun: report.dryRun,
    summary: { ...report.summary },
    modelVersions: report.modelVersions,
    attachEndpoint: report.attachEndpoint,
    reasons: groupReasons(report),
    preview: report.dryRun ? [...preview] : [],
    retryable: report.dryRun ? 0 : report.summary.failed,
    retried: extra.retried,
    journalInMemory: extra.journalInMemory,
  };
  if (report.stopped) result.stopped = report.stopped;
  return result;
}
