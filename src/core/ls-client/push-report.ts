// Working with a finished push: the items to retry, and one-line texts.

import type { PushItem, PushReport } from './push-types';

/** The input items whose push failed ("retry failed" feeds these to another push). */
export function failedItems<T extends PushItem>(items: readonly T[], report: PushReport): T[] {
  const failed = new Set(report.items.filter((i) => i.status === 'failed').map((i) => i.index));
  return items.filter((_, index) => failed.has(index));
}

export function summaryLine(report: PushReport): string {
  const s = report.summary;
  if (report.dryRun) {
    return `dry run: would send ${s.wouldSend}, skip ${s.skipped}; ${s.invalid} invalid, ${s.failed} failed (nothing was sent)`;
  }
  return `sent ${s.sent}, skipped ${s.skipped}, failed ${s.failed}, invalid ${s.invalid} (of ${s.total})`;
}

/** The report as a JSON file body (for a download or --report). */
export function reportJson(report: PushReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
