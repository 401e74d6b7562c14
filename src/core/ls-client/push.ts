// Push predictions to a Label Studio project, posting nothing twice.
//
//   existing task (has id) → POST /api/projects/{id}/import/predictions in batches,
//                            or POST /api/predictions/ one by one on servers without it
//   new task (no id)       → POST /api/projects/{id}/import with the task + prediction
//   new task + local media → upload the file (a task is made), then attach
//
// Every request is journalled 'uncertain' before it leaves. An unanswered
// request (dropped connection, timeout, 5xx) is never simply repeated: the
// server is asked first whether it got it, and only what is missing is resent.

import { FATAL_KINDS, LsError, toLsErrorInfo } from './errors';
import { importTasks, uploadFile } from './imports';
import {
  MemoryPushJournal,
  writeEntries,
  type PushJournal,
  type PushJournalEntry,
} from './journal';
import { mapConcurrent } from './concurrency';
import { taskHasModelVersion } from './predictions';
import { planPush, type PlannedItem } from './push-plan';
import type {
  PushInput,
  PushItem,
  PushItemReport,
  PushItemStatus,
  PushOptions,
  PushPhase,
  PushReport,
  PushSummary,
} from './push-types';
import { backoffDelay, sleep } from './retry';
import { findUploaded, indexProjectTasks } from './server-task-index';
import { dataKey } from './stable-key';
import type { LsTransport } from './transport';

const TRANSIENT = new Set(['server-error', 'network', 'timeout', 'server-down', 'rate-limited']);

function asLsError(error: unknown): LsError {
  if (error instanceof LsError) return error;
  const info = toLsErrorInfo(error);
  return new LsError(info);
}

/** Groups a stream's items `size` at a time. */
async function* windows(items: PushInput, size: number): AsyncGenerator<PushItem[]> {
  let window: PushItem[] = [];
  for await (const item of items) {
    window.push(item);
    if (window.length >= size) {
      yield window;
      window = [];
    }
  }
  if (window.length > 0) yield window;
}

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

interface Unit extends PlannedItem {
  /** This run wrote 'uncertain' for it: a later give-up must update the journal. */
  touched?: boolean;
}

/** Confirms which units the server already has (marking them sent); returns the rest. */
type Confirm = (units: Unit[]) => Promise<Unit[]>;

class PushRun {
  private readonly journal: PushJournal;
  private readonly concurrency: number;
  private readonly batchSize: number;
  private readonly signal: AbortSignal | undefined;
  private attachEndpoint: 'import-predictions' | 'predictions' = 'import-predictions';
  private stopped: LsError | undefined;
  /** The window being pushed. */
  private units: Unit[] = [];
  /** Every item's report so far (small: no predictions in them). */
  private readonly reports: PushItemReport[] = [];
  private readonly seen = new Map<string, number>();
  private readonly windowSize: number;
  private readonly counts: PushSummary = {
    total: 0,
    sent: 0,
    skipped: 0,
    failed: 0,
    invalid: 0,
    wouldSend: 0,
  };
  private phase: PushPhase = 'checking';
  private lastProgress = 0;

  constructor(
    private readonly transport: LsTransport,
    private readonly options: PushOptions,
  ) {
    this.journal = options.journal ?? new MemoryPushJournal();
    this.concurrency = Math.max(1, options.concurrency ?? 4);
    this.batchSize = Math.max(1, options.batchSize ?? 100);
    this.windowSize = Math.max(1, options.windowSize ?? 1000);
    this.signal = options.signal;
  }

  async execute(items: PushInput): Promise<PushReport> {
    const startedAt = new Date().toISOString();
    this.counts.total = this.options.total ?? (Array.isArray(items) ? items.length : 0);
    this.progress(true);
    let first = 0;
    for await (const window of windows(items, this.windowSize)) {
      await this.runWindow(window, first);
      first += window.length;
    }
    this.phase = 'done';
    this.progress(true);
    return this.report(startedAt);
  }

  /** Plans, checks and sends one window; only its items are held meanwhile. */
  private async runWindow(items: PushItem[], first: number): Promise<void> {
    this.units = planPush(
      items,
      {
        server: this.transport.serverLabel,
        projectId: this.options.projectId,
        config: this.options.config,
        skipAnnotated: this.options.skipAnnotated ?? false,
      },
      first,
      this.seen,
    );
    this.counts.total = Math.max(this.counts.total, first + items.length);
    for (const u of this.units) {
      this.reports.push(u.report);
      this.count(u.report.status, 1);
    }
    this.progress(true);

    let toSend: Unit[] = [];
    if (!this.stopped) {
      try {
        toSend = await this.check();
      } catch (error) {
        this.stop(asLsError(error));
      }
    }
    if (!this.options.dryRun && !this.stopped) {
      if (this.phase !== 'sending') {
        this.phase = 'sending';
        this.progress(true);
      }
      await this.send(toSend);
    }
    const left = this.units.filter(
      (u) => u.report.status === 'would-send' && (!this.options.dryRun || this.stopped),
    );
    if (left.length > 0) await this.notSent(left);
    this.options.onWindow?.(
      items,
      this.units.map((u) => u.report),
    );
    this.units = [];
  }

  // --- checking: journal, unanswered requests, predictions already there ---

  private async check(): Promise<Unit[]> {
    const candidates = this.units.filter((u) => u.report.status === 'would-send');
    const fresh: Unit[] = [];
    const unsure: Unit[] = [];
    for (const u of candidates) {
      const entry = await this.journal.get(u.key);
      if (entry?.state === 'sent') {
        if (entry.taskId !== undefined) this.setTask(u, entry.taskId);
        this.setStatus(u, 'skipped', 'already sent (push journal)');
      } else if (entry?.state === 'uncertain') {
        if (entry.taskId !== undefined) this.setTask(u, entry.taskId);
        unsure.push(u);
      } else fresh.push(u);
    }
    const resend = await this.confirmAny(unsure);
    for (const u of resend) u.touched = true;
    const toSend = [...fresh, ...resend];
    if (this.options.skipExisting ?? true) {
      const existing = fresh.filter(
        (u) => u.action === 'attach' && u.item.task.total_predictions !== 0,
      );
      const has = await mapConcurrent(existing, this.concurrency, (u) =>
        taskHasModelVersion(this.transport, u.taskId!, u.report.modelVersion, this.signal),
      );
      existing.forEach((u, i) => {
        if (has[i]) {
          this.setStatus(
            u,
            'skipped',
            `task ${u.taskId} already has a prediction of model_version "${u.report.modelVersion}" on the server`,
          );
        }
      });
    }
    return toSend.filter((u) => u.report.status === 'would-send');
  }

  /** Items the journal left 'uncertain': which of them did the server get? */
  private async confirmAny(units: Unit[]): Promise<Unit[]> {
    if (units.length === 0) return [];
    const withTask = units.filter((u) => u.taskId !== undefined);
    const rest = units.filter((u) => u.taskId === undefined);
    const remaining = await this.confirmAttached(withTask);
    const imports = rest.filter((u) => u.action === 'import');
    const uploads = rest.filter((u) => u.action === 'upload');
    remaining.push(...(await this.confirmImported(imports)));
    remaining.push(...(await this.confirmUploaded(uploads)));
    // Files found on the server without their prediction: attach only.
    remaining.push(
      ...uploads.filter((u) => u.report.status === 'would-send' && u.taskId !== undefined),
    );
    return remaining;
  }

  private confirmAttached: Confirm = async (units) => {
    const has = await mapConcurrent(units, this.concurrency, (u) =>
      taskHasModelVersion(this.transport, u.taskId!, u.report.modelVersion, this.signal),
    );
    const missing: Unit[] = [];
    for (const [i, u] of units.entries()) {
      if (has[i]) await this.markSent([u], 'confirmed on the server after an unanswered request');
      else missing.push(u);
    }
    return missing;
  };

  private confirmImported: Confirm = async (units) => {
    if (units.length === 0) return [];
    const index = await indexProjectTasks(this.transport, this.options.projectId, this.signal);
    const missing: Unit[] = [];
    for (const u of units) {
      const ids = index.byData.get(dataKey(u.item.task.data)) ?? [];
      // The import carries the prediction: a created task of ours has it.
      const ours = await this.firstWithPrediction(ids, u.report.modelVersion);
      if (ours !== undefined) {
        this.setTask(u, ours);
        await this.markSent([u], 'confirmed on the server after an unanswered request');
      } else missing.push(u);
    }
    return missing;
  };

  /**
   * Uploads: the file may be there without its prediction; then its task id is
   * set and it is not returned (it needs an attach, not another upload).
   */
  private confirmUploaded: Confirm = async (units) => {
    if (units.length === 0) return [];
    const index = await indexProjectTasks(this.transport, this.options.projectId, this.signal);
    const missing: Unit[] = [];
    for (const u of units) {
      const ids = findUploaded(index, u.item.media!.name);
      const ours = await this.firstWithPrediction(ids, u.report.modelVersion);
      if (ours !== undefined) {
        this.setTask(u, ours);
        await this.markSent([u], 'confirmed on the server after an unanswered request');
      } else if (ids.length === 1) {
        this.setTask(u, ids[0]!);
      } else if (ids.length > 1) {
        // Several files of that name: guessing could attach to the wrong one.
        this.setStatus(
          u,
          'failed',
          `an upload of ${u.item.media!.name} got no answer and ${ids.length} tasks of that name exist (${ids.slice(0, 5).join(', ')}): check the project; not uploaded again`,
        );
      } else missing.push(u);
    }
    return missing;
  };

  private async firstWithPrediction(ids: number[], modelVersion: string) {
    for (const id of ids) {
      if (await taskHasModelVersion(this.transport, id, modelVersion, this.signal)) return id;
    }
    return undefined;
  }

  // --- sending ---

  private async send(units: Unit[]): Promise<void> {
    const attach = units.filter((u) => u.action === 'attach' || u.taskId !== undefined);
    const imports = units.filter((u) => u.action === 'import' && u.taskId === undefined);
    const uploads = units.filter((u) => u.action === 'upload' && u.taskId === undefined);
    const jobs: (() => Promise<void>)[] = [
      ...chunks(attach, this.batchSize).map((b) => () => this.attach(b)),
      ...chunks(imports, this.batchSize).map((b) => () => this.importBatch(b)),
      ...uploads.map((u) => () => this.upload(u)),
    ];
    await mapConcurrent(jobs, this.concurrency, async (job) => {
      try {
        await job();
      } catch (error) {
        // Only unexpected failures get here (journal write, a bug): stop cleanly.
        this.stop(asLsError(error));
      }
    });
  }

  /**
   * Sends `units` until each is sent, refused or given up on. An error with no
   * answer (uncertain) is followed by `confirm` before anything is resent.
   */
  private async deliver(
    units: Unit[],
    post: (units: Unit[]) => Promise<void>,
    confirm: Confirm,
    refused?: (units: Unit[], error: LsError) => Promise<boolean>,
  ): Promise<void> {
    let pending = units;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (this.stopped) return await this.notSent(pending);
      await this.markUncertain(pending);
      try {
        await post(pending);
        return;
      } catch (error) {
        const e = asLsError(error);
        if (refused && !e.uncertain && (await refused(pending, e))) return;
        const next = await this.afterFailure(pending, e, attempt, confirm);
        if (!next) return;
        pending = next;
      }
    }
  }

  private async afterFailure(
    pending: Unit[],
    error: LsError,
    attempt: number,
    confirm: Confirm,
  ): Promise<Unit[] | undefined> {
    // Cancelled mid-request: it may have arrived, like any unanswered request.
    const unanswered = error.uncertain || error.kind === 'aborted';
    if (FATAL_KINDS.has(error.kind)) {
      this.stop(error);
      return this.giveUp(pending, error, unanswered);
    }
    if (!unanswered && !TRANSIENT.has(error.kind)) {
      await this.markFailed(pending, error.message);
      return undefined;
    }
    let remaining = pending;
    if (unanswered) {
      try {
        remaining = await confirm(pending);
      } catch (checkError) {
        const e = asLsError(checkError);
        if (FATAL_KINDS.has(e.kind)) this.stop(e);
        return this.giveUp(pending, error, true);
      }
    }
    if (remaining.length === 0) return undefined;
    if (attempt >= this.transport.policy.retries) {
      await this.markFailed(remaining, `gave up after ${attempt + 1} attempts: ${error.message}`);
      return undefined;
    }
    try {
      await sleep(
        error.retryAfterMs ?? backoffDelay(attempt, this.transport.policy, this.transport.random),
        this.signal,
      );
    } catch (e) {
      this.stop(asLsError(e));
      await this.notSent(remaining);
      return undefined;
    }
    return remaining;
  }

  /** No verdict: the journal keeps 'uncertain' so the next run checks first. */
  private async giveUp(pending: Unit[], error: LsError, unanswered: boolean): Promise<undefined> {
    if (!unanswered) {
      await this.markFailed(pending, error.message);
      return undefined;
    }
    for (const u of pending) {
      this.setStatus(
        u,
        'failed',
        `no answer (${error.message}); it may have been received: run the push again to check and send what is missing`,
      );
    }
    return undefined;
  }

  private attach(units: Unit[]): Promise<void> {
    if (this.attachEndpoint === 'predictions') return this.attachOneByOne(units);
    return this.deliver(
      units,
      async (pending) => {
        await this.transport.request(`api/projects/${this.options.projectId}/import/predictions`, {
          method: 'POST',
          json: pending.map((u) => this.predictionBody(u)),
          signal: this.signal,
        });
        await this.markSent(pending);
      },
      this.confirmAttached,
      async (pending, error) => {
        if (error.status === 404 || error.status === 405) {
          // Older servers: no bulk endpoint. Nothing was created; go one by one.
          this.attachEndpoint = 'predictions';
          await this.attachOneByOne(pending);
          return true;
        }
        if (error.kind === 'rejected' && pending.length > 1) {
          // One bad item refuses the whole batch: find out which, one by one.
          await this.attachOneByOne(pending);
          return true;
        }
        return false;
      },
    );
  }

  private async attachOneByOne(units: Unit[]): Promise<void> {
    for (const u of units) {
      await this.deliver(
        [u],
        async ([one]) => {
          await this.transport.request('api/predictions/', {
            method: 'POST',
            json: this.predictionBody(one!),
            signal: this.signal,
          });
          await this.markSent([one!]);
        },
        this.confirmAttached,
      );
    }
  }

  private importBatch(units: Unit[]): Promise<void> {
    return this.deliver(
      units,
      async (pending) => {
        const outcome = await importTasks(
          this.transport,
          this.options.projectId,
          pending.map((u) => this.importBody(u)),
          { signal: this.signal, maxWaitMs: this.options.importWaitMs },
        );
        const ids = outcome.taskIds?.length === pending.length ? outcome.taskIds : undefined;
        pending.forEach((u, i) => {
          if (ids) this.setTask(u, ids[i]!);
        });
        await this.markSent(pending);
      },
      this.confirmImported,
      async (pending, error) => {
        if (error.kind !== 'rejected' || pending.length === 1) return false;
        for (const u of pending) await this.importBatch([u]);
        return true;
      },
    );
  }

  private async upload(unit: Unit): Promise<void> {
    await this.deliver(
      [unit],
      async ([u]) => {
        const media = u!.item.media!;
        const outcome = await uploadFile(this.transport, this.options.projectId, media, {
          signal: this.signal,
          maxWaitMs: this.options.importWaitMs,
        });
        const ids = outcome.taskIds ?? [];
        if (ids.length !== 1) {
          throw new LsError({
            kind: 'bad-response',
            message: `uploading ${media.name} made ${outcome.taskIds ? ids.length : 'an unknown number of'} tasks instead of one`,
            uncertain: true,
          });
        }
        this.setTask(u!, ids[0]!);
        // The file is in; the prediction is not yet.
        await this.markUncertain([u!]);
      },
      this.confirmUploaded,
    );
    if (unit.report.status === 'would-send' && unit.taskId !== undefined && !this.stopped) {
      await this.attach([unit]);
    }
  }

  private predictionBody(u: Unit) {
    const p = u.item.prediction;
    // Label Studio's sort by prediction score and its cluster sampling read these two.
    return {
      task: u.taskId,
      result: p.result,
      score: p.score,
      model_version: p.model_version,
      ...(Number.isInteger(p.cluster) ? { cluster: p.cluster } : {}),
    };
  }

  private importBody(u: Unit) {
    const { id: _id, predictions: _p, ...task } = u.item.task;
    return { ...task, predictions: [u.item.prediction] };
  }

  // --- bookkeeping ---

  private setTask(u: Unit, taskId: number) {
    u.taskId = taskId;
    u.report.taskId = taskId;
  }

  private count(status: PushItemStatus, delta: number) {
    const field = status === 'would-send' ? 'wouldSend' : status;
    this.counts[field] += delta;
  }

  private setStatus(u: Unit, status: PushItemStatus, reason?: string) {
    this.count(u.report.status, -1);
    this.count(status, 1);
    u.report.status = status;
    if (reason !== undefined) u.report.reason = reason;
    else delete u.report.reason;
    this.progress(false);
  }

  private entry(u: Unit, state: PushJournalEntry['state'], reason?: string): PushJournalEntry {
    const e: PushJournalEntry = { state, at: new Date().toISOString() };
    if (u.taskId !== undefined) e.taskId = u.taskId;
    if (reason !== undefined) e.reason = reason;
    return e;
  }

  private async markUncertain(units: Unit[]) {
    for (const u of units) u.touched = true;
    await writeEntries(
      this.journal,
      units.map((u) => [u.key, this.entry(u, 'uncertain')] as const),
    );
  }

  private async markSent(units: Unit[], reason?: string) {
    await writeEntries(
      this.journal,
      units.map((u) => [u.key, this.entry(u, 'sent')] as const),
    );
    for (const u of units) this.setStatus(u, 'sent', reason);
  }

  private async markFailed(units: Unit[], reason: string) {
    await writeEntries(
      this.journal,
      units.map((u) => [u.key, this.entry(u, 'failed', reason)] as const),
    );
    for (const u of units) this.setStatus(u, 'failed', reason);
  }

  /** Known not to be on the server, not attempted (any more) because the push stopped. */
  private async notSent(units: Unit[]) {
    const reason = `not sent: ${this.stopped?.message ?? 'the push stopped'}`;
    const touched = units.filter((u) => u.touched);
    for (const u of units) this.setStatus(u, 'failed', reason);
    // Best effort: a journal that cannot be written must not hide the report.
    await writeEntries(
      this.journal,
      touched.map((u) => [u.key, this.entry(u, 'failed', reason)] as const),
    ).catch(() => undefined);
  }

  private stop(error: LsError) {
    this.stopped ??= error;
  }

  private progress(force: boolean) {
    const now = Date.now();
    if (!this.options.onProgress || (!force && now - this.lastProgress < 100)) return;
    this.lastProgress = now;
    const c = this.counts;
    this.options.onProgress({
      ...c,
      phase: this.phase,
      done: c.sent + c.skipped + c.failed + c.invalid,
    });
  }

  private report(startedAt: string): PushReport {
    const report: PushReport = {
      server: this.transport.serverLabel,
      projectId: this.options.projectId,
      dryRun: this.options.dryRun ?? false,
      startedAt,
      finishedAt: new Date().toISOString(),
      modelVersions: [...new Set(this.reports.map((r) => r.modelVersion))].filter(Boolean),
      attachEndpoint: this.attachEndpoint,
      summary: { ...this.counts },
      items: this.reports.map((r) => ({ ...r })),
    };
    if (this.stopped) report.stopped = toLsErrorInfo(this.stopped, this.transport.secrets());
    return report;
  }
}

export async function pushPredictions(
  transport: LsTransport,
  items: PushInput,
  options: PushOptions,
): Promise<PushReport> {
  return new PushRun(transport, options).execute(items);
}
