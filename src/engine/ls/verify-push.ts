// After a push: did any task get the prediction more than once? Our own code
// never re-posts without checking, but a browser may: Chromium silently
// re-sends a request (POST included) when a reused keep-alive connection
// closes before any answer, and Label Studio's endpoints are not idempotent.
// A server that stored the first copy and then dropped the connection gets a
// second one, and the page only sees the second answer. So: re-list the
// project's tasks (cheap: the listing carries total_predictions), and ask
// only about tasks whose count grew by more than the one we sent. Then remove
// the extra copies: keep the oldest (lowest id), delete the rest, but only
// predictions of our model version whose result is exactly what we sent, so
// nobody else's prediction is ever touched.

import type { LsClient, LsServerTask, PushItem, PushItemReport } from '../../core/ls-client';
import { canonicalJson, hash53 } from '../../core/ls-client/stable-key';
import { toLsErrorInfo } from '../../core/ls-client';
import type { LsDuplicate } from './types';

/** Existing tasks a push attached to: their prediction count before it, and what was sent. */
export type SentAttachments = Map<
  number,
  { before: number | undefined; modelVersion: string; resultHash: string }
>;

const resultHash = (result: unknown) => hash53(canonicalJson(result ?? null));

/**
 * Adds a push window's sent attachments (reports[i] is items[i]'s) to `into`:
 * a hash of each result, not the result, so a long push keeps little.
 */
export function collectSent(
  into: SentAttachments,
  items: readonly PushItem[],
  reports: readonly PushItemReport[],
): void {
  reports.forEach((entry, i) => {
    const item = items[i];
    if (entry.status !== 'sent' || entry.action !== 'attach' || entry.taskId === undefined) return;
    if (!item) return;
    const before = (item.task as Partial<LsServerTask>).total_predictions;
    into.set(entry.taskId, {
      before,
      modelVersion: entry.modelVersion,
      resultHash: resultHash(item.prediction.result),
    });
  });
}

export async function findDuplicates(
  client: LsClient,
  projectId: number,
  sent: SentAttachments,
  options: { pageSize?: number; signal?: AbortSignal } = {},
): Promise<LsDuplicate[]> {
  if (sent.size === 0) return [];

  const suspects: number[] = [];
  const pages = client.iterateTasks(projectId, {
    pageSize: options.pageSize ?? 500,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  for await (const page of pages) {
    for (const task of page.tasks) {
      const pushed = sent.get(task.id);
      if (!pushed || typeof task.total_predictions !== 'number') continue;
      if (task.total_predictions > (pushed.before ?? 0) + 1) suspects.push(task.id);
    }
  }
  const duplicates: LsDuplicate[] = [];
  for (const taskId of suspects) {
    const { modelVersion, resultHash: result } = sent.get(taskId)!;
    const predictions = await client.listTaskPredictions(taskId, options.signal);
    const same = predictions.filter((p) => p.model_version === modelVersion);
    if (same.length > 1) {
      const duplicate: LsDuplicate = { taskId, modelVersion, count: same.length };
      const ids = same.map((p) => p.id).filter((id): id is number => typeof id === 'number');
      if (ids.length > 0) duplicate.predictionIds = ids;
      const ours = same
        .filter((p) => typeof p.id === 'number' && resultHash(p.result) === result)
        .map((p) => p.id as number)
        .sort((a, b) => a - b);
      if (ours.length > 1) await removeCopies(client, ours.slice(1), duplicate, options.signal);
      duplicates.push(duplicate);
    }
  }
  return duplicates;
}

async function removeCopies(
  client: LsClient,
  ids: readonly number[],
  duplicate: LsDuplicate,
  signal: AbortSignal | undefined,
): Promise<void> {
  duplicate.removed = 0;
  for (const id of ids) {
    try {
      await client.deletePrediction(id, signal);
      duplicate.removed++;
    } catch (error) {
      if (signal?.aborted) throw error;
      (duplicate.notRemoved ??= []).push({
        id,
        reason: toLsErrorInfo(error, client.secrets()).message,
      });
    }
  }
}

/** "removed N duplicate predictions", plus the ones that stayed and why. */
export function describeRemoval(duplicates: readonly LsDuplicate[]): string {
  const removed = duplicates.reduce((n, d) => n + (d.removed ?? 0), 0);
  const failed = duplicates.flatMap((d) => d.notRemoved ?? []);
  let text = `removed ${removed} duplicate prediction${removed === 1 ? '' : 's'}`;
  if (failed.length > 0) {
    text += `; could not remove ${failed.length}: ${failed
      .map((f) => `#${f.id} (${f.reason})`)
      .join(', ')}`;
  }
  return text;
}
