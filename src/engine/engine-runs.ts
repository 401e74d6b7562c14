// The engine's journalled runs: everything engine.ts needs to make a run
// survive reloads, worker deaths and full disks, kept here so engine.ts only
// calls in at a few points (start, each task, end, export):
// - begin(): a new journal run, or the rest of a resumed one (its settled
//   tasks are loaded back, crashed tasks failed first: those the page's
//   ledger gave up on, and those the journal's in-flight marks show died
//   with the tab too often);
// - supervise(): per-task journalling, in-flight marks, task events and
//   timeouts around the run loop's steps;
// - end(): the journal's status and why the run stopped;
// - exportFile(), findResumable(), rethreshold().

import type { LabelingConfig } from '../core/config/types';
import type { LsPrediction } from '../core/results/types';
import type { LsTask } from '../core/tasks/types';
import {
  rederiveTask,
  rederiveTextTask,
  type PredictSettings,
  type TaskImageSize,
  type AudioRunSettings,
  type TextRaw,
  type TextRunSettings,
} from '../models/predictor';
import { DEFAULT_RAW_PLAN, type RawCandidates } from '../models/rethreshold';
import type { ExportFormat, ExportedFile, RunRequest, RunSummary, TaskFailure } from './api';
import { crashMessage, type CrashCause } from './crash-ledger';
import { EngineJournal } from './journal/engine-journal';
import { configHash, tasksFingerprint } from './journal/fingerprint';
import { unpackCandidates } from './journal/packed-candidates';
import { rewriteRun } from './journal/rewrite-run';
import { STATE_CODES, type RunJournal } from './journal/run-journal';
import type { RunSettings, TaskRecord } from './journal/types';
import type { LoadedImageModel, LoadedModel, LoadedTextModel } from './model-loader';
import type { PredictionStore } from './prediction-store';
import type {
  ResumableRunInfo,
  RethresholdSummary,
  RunOptions,
  TaskEventCallback,
} from './runs-api';
import { superviseTasks, type SupervisedSteps } from './supervised-tasks';
import type { MediaPrefix } from '../core/export';
import type { ClassEvidence } from '../models/predictor/class-evidence';

export interface RunsHost {
  tasks(): LsTask[];
  config(): LabelingConfig | null;
  model(): LoadedModel | null;
  predictions(): PredictionStore;
  failures(): Map<number, TaskFailure>;
  taskName(index: number): string;
  /** A done task's class evidence (Label next), journalled with its prediction. */
  evidence?(index: number): ClassEvidence | undefined;
}

/** What engine.ts knows of a run (its ActiveRun): an image, a text or an audio model's. */
export type JournalledRun =
  | (RunBase & {
      modality: 'image';
      model: LoadedImageModel;
      /** What the predictor needs besides the model (targets, thresholds, model_version). */
      settings: PredictSettings;
    })
  | (RunBase & { modality: 'text'; model: LoadedTextModel; settings: TextRunSettings })
  | (RunBase & { modality: 'audio'; model: LoadedTextModel; settings: AudioRunSettings });

interface RunBase {
  request: RunRequest;
  modelVersion: string;
}

export class EngineRuns {
  readonly journal: EngineJournal;
  private prints = new WeakMap<LsTask[], string>();
  /** The journal run the engine's predictions belong to… */
  private runId: string | null = null;
  /** …as long as the tasks are the ones it ran on. */
  private runOn: LsTask[] | null = null;
  private raws = new Map<
    number,
    { raw?: RawCandidates; image?: TaskImageSize; textRaw?: TextRaw }
  >();
  private stopReason: string | undefined;
  /** A resumed run: tasks settled before (and failed among them), so progress counts the whole run. */
  private before = { settled: 0, failed: 0 };
  /** Pending tasks with crashes in the journal: each runs with nothing else in flight. */
  private suspects = new Set<number>();

  constructor(
    private readonly host: RunsHost,
    journal?: EngineJournal,
  ) {
    this.journal = journal ?? new EngineJournal();
  }

  private fingerprint(): string {
    const tasks = this.host.tasks();
    let print = this.prints.get(tasks);
    if (print === undefined) {
      print = tasksFingerprint(tasks);
      this.prints.set(tasks, print);
    }
    return print;
  }

  private async settings(run: JournalledRun): Promise<RunSettings> {
    const model = this.host.model();
    if (!model) throw new Error('no model loaded');
    return {
      modelHash: model.info.bytesHash,
      modelName: model.info.name,
      modelVersion: run.modelVersion,
      // The parsed config: equal for the same XML, whatever its whitespace.
      configHash: await configHash(JSON.stringify(this.host.config())),
      sourceFingerprint: this.fingerprint(),
      request: run.request,
      ...(run.model.family.kind === 'tensor' ? { raw: DEFAULT_RAW_PLAN } : {}),
    };
  }

  /**
   * Starts the journal side of a run; returns the task indices to run.
   * `stop` cancels the run (called once if the disk fills up).
   */
  async begin(run: JournalledRun, stop: () => void, options: RunOptions = {}): Promise<number[]> {
    this.stopReason = undefined;
    this.raws.clear();
    this.before = { settled: 0, failed: 0 };
    const total = this.host.tasks().length;
    const all = Array.from({ length: total }, (_, i) => i);
    const onStop = (error: unknown) => {
      this.stopReason = error instanceof Error ? error.message : String(error);
      stop();
    };
    const active = await this.journal.begin(
      await this.settings(run),
      total,
      onStop,
      options.resumeRunId,
      !options.leftCleanly,
    );
    this.runId = active?.run.id ?? null;
    this.runOn = this.host.tasks();
    // Journalled: the engine keeps only recent predictions, the rest are read back.
    this.host.predictions().useSource(active ? this.journal.predictionSource(active.run.id) : null);
    this.suspects = new Set();
    if (!active) return all;
    if (options.resumeRunId) await this.loadSettled(active.run.id);
    const crashed = new Set<number>();
    const fail = async (index: number, message: string) => {
      if (crashed.has(index)) return;
      const failure: TaskFailure = {
        index,
        name: this.host.taskName(index),
        stage: 'inference',
        message,
      };
      this.host.failures().set(index, failure);
      this.host.predictions().clear(index);
      await this.journal.failed(failure);
      crashed.add(index);
    };
    for (const { index, message } of options.crashed ?? []) await fail(index, message);
    // The page passes suspects only after a worker death it saw; else the tab died.
    const cause: CrashCause = options.suspects ? 'either' : 'tab';
    const landed = new Set(active.landed.map((verdict) => verdict.index));
    // Also a task failed at an earlier resume whose failure record was lost with the tab.
    for (const index of active.pending) {
      const crashes = active.run.crashes[index] ?? 0;
      if (crashes < this.journal.maxCrashes) continue;
      await fail(index, crashMessage(crashes, landed.has(index) ? cause : 'either'));
    }
    const pending = active.pending.filter((i) => !crashed.has(i));
    this.suspects = suspectsOf(active.run.crashes, pending);
    if (options.resumeRunId) {
      this.before = { settled: total - pending.length, failed: this.host.failures().size };
    }
    return pending;
  }

  /** "Retry failed" of a journalled run: its failures become pending again. */
  async beginRetry(stop: () => void): Promise<number[] | null> {
    const runId = this.current();
    if (!runId) return null;
    this.stopReason = undefined;
    const active = await this.journal.beginRetry(runId, (error) => {
      this.stopReason = error instanceof Error ? error.message : String(error);
      stop();
    });
    this.suspects = active ? suspectsOf(active.run.crashes, active.pending) : new Set();
    return active?.pending ?? null;
  }

  /**
   * A resumed run's settled tasks back in the engine: done ones by state only
   * (their predictions stay in the journal), failures with their records.
   */
  private async loadSettled(runId: string): Promise<void> {
    const journal = await this.journal.get();
    if (!journal) return;
    const predictions = this.host.predictions();
    const failures = this.host.failures();
    const states = await journal.taskStates(runId);
    states.forEach((state, index) => state === STATE_CODES.done && predictions.markDone(index));
    for (const index of await journal.indicesIn(runId, 'failed')) {
      const failure = (await journal.getTask(runId, index))?.failure;
      if (failure) failures.set(index, { index, ...failure });
    }
  }

  /** Writes Label next's cluster onto each journalled prediction it names (export and push read them). */
  async writeClusters(clusterOf: ReadonlyMap<number, number>, pageSize = 256): Promise<void> {
    const journal = await this.journal.get();
    const runId = this.current();
    if (!journal || !runId) return;
    let page: TaskRecord[] = [];
    for await (const record of journal.readTasks(runId, { state: 'done', pageSize })) {
      const cluster = clusterOf.get(record.index);
      if (cluster === undefined || !record.prediction || record.prediction.cluster === cluster) {
        continue;
      }
      page.push({ ...record, prediction: { ...record.prediction, cluster } });
      if (page.length >= pageSize) {
        await journal.writeTasks(runId, page);
        page = [];
      }
    }
    if (page.length > 0) await journal.writeTasks(runId, page);
  }

  /** inferTask hands over each task's raw candidates; they go to the journal with its result. */
  noteRaw(index: number, raw: RawCandidates | undefined, image: TaskImageSize): void {
    if (raw) this.raws.set(index, { raw, image });
  }

  /** A text task's spans or class probabilities, kept so new settings need no model run. */
  noteTextRaw(index: number, raw: TextRaw | null): void {
    if (raw) this.raws.set(index, { textRaw: raw });
  }

  supervise<P>(
    steps: SupervisedSteps<P> & { taskName(index: number): string },
    options: RunOptions = {},
    onTaskEvent?: TaskEventCallback,
  ): SupervisedSteps<P> {
    const suspects = new Set([...this.suspects, ...(options.suspects ?? [])]);
    return superviseTasks<P>({
      prepare: steps.prepare,
      infer: steps.infer,
      taskName: steps.taskName,
      runAlone: (index) => suspects.has(index),
      ...(onTaskEvent ? { onEvent: onTaskEvent } : {}),
      mark: (index) => this.journal.markStarted(index),
      prepareTimeoutMs: (options.prepareTimeoutSeconds ?? 0) * 1000,
      onSettled: async (index, failure) => {
        this.journal.markSettled(index);
        const kept = this.raws.get(index);
        this.raws.delete(index);
        if (failure) return this.journal.failed(failure);
        const task = this.host.tasks()[index];
        const prediction = this.host.predictions().held(index);
        if (!task || !prediction) return;
        const evidence = this.host.evidence?.(index);
        await this.journal.done(index, {
          ...(evidence ? { evidence } : {}),
          task,
          prediction,
          ...(kept?.raw ? { raw: kept.raw } : {}),
          ...(kept?.image ? { image: kept.image } : {}),
          ...(kept?.textRaw ? { textRaw: kept.textRaw } : {}),
        });
      },
    });
  }

  /** After the loop: the journal's status; the summary says why a run stopped early. */
  async end(summary: RunSummary): Promise<RunSummary> {
    await this.journal
      .end(summary.state === 'done' ? 'finished' : 'stopped', this.stopReason)
      .catch(() => undefined);
    const { settled } = this.before;
    const out: RunSummary = {
      ...summary,
      done: summary.done + settled,
      total: summary.total + settled,
    };
    if (this.runId) out.runId = this.runId;
    if (this.stopReason) out.stopReason = this.stopReason;
    return out;
  }

  /** The current run's export, read from the journal; null when there is none. */
  async exportFile(format: ExportFormat, mediaPrefix?: MediaPrefix): Promise<ExportedFile | null> {
    const runId = this.current();
    return runId ? this.journal.exportFile(runId, format, mediaPrefix) : null;
  }

  /** The journal run of the engine's current tasks, if any. */
  private current(): string | null {
    return this.runOn === this.host.tasks() ? this.runId : null;
  }

  /**
   * Progress over the whole run (a resumed one counts the tasks settled
   * before), with the journal run's id, so the page can resume it after a crash.
   */
  progressOf<T extends { state?: string; done: number; total: number; failed: number }>(
    progress: T,
  ): T & { runId?: string } {
    // A paused run works on nothing: a reload now must not count as a crash.
    if (progress.state === 'paused') this.journal.suspendMarks();
    else this.journal.unsuspendMarks();
    const { settled, failed } = this.before;
    const whole = {
      ...progress,
      done: progress.done + settled,
      total: progress.total + settled,
      failed: progress.failed + failed,
    };
    return this.runId ? { ...whole, runId: this.runId } : whole;
  }

  async findResumable(): Promise<ResumableRunInfo | null> {
    const model = this.host.model();
    if (!model || this.host.tasks().length === 0) return null;
    const found = await this.journal.findResumable({
      sourceFingerprint: this.fingerprint(),
      modelHash: model.info.bytesHash,
    });
    if (!found) return null;
    const { run, counts } = found;
    return {
      runId: run.id,
      done: counts.done,
      failed: counts.failed,
      total: counts.total,
      pending: counts.pending,
      updatedAt: run.updatedAt,
      ...(run.stopReason ? { stopReason: run.stopReason } : {}),
      request: run.settings.request,
    };
  }

  async discard(runId: string): Promise<void> {
    const journal = await this.journal.get();
    await journal?.deleteRun(runId);
    if (this.runId === runId) this.runId = null;
  }

  private rederiveText(
    journal: RunJournal,
    runId: string,
    saved: RunSettings,
    run: Extract<JournalledRun, { modality: 'text' }>,
  ): Promise<RethresholdSummary> {
    return rederiveTextRun(journal, runId, saved, run, this.host.predictions());
  }

  /**
   * New thresholds / mapping over the whole journalled run, from raw
   * candidates (image models: boxes, keypoints, classes, masks; OCR: lines).
   */
  async rethreshold(run: JournalledRun): Promise<RethresholdSummary> {
    const none = (reason: string): RethresholdSummary => ({
      supported: false,
      reason,
      tasks: 0,
      changed: 0,
      inexact: 0,
      regions: 0,
      modelVersion: run.modelVersion,
    });
    if (run.modality === 'audio') return none('audio models: run again to apply the new settings');
    const journal = await this.journal.get();
    const runId = this.current();
    if (!journal || !runId) return none('no saved run to re-threshold: run the model first');
    const saved = await journal.getRun(runId);
    if (!saved) return none('no saved run to re-threshold: run the model first');
    if (saved.settings.modelHash !== this.host.model()?.info.bytesHash) {
      return none('the run was made with another model: run again');
    }
    if (run.modality === 'text') {
      if (run.model.resultKind === 'textarea') {
        return none('a generated reply has no threshold or mapping to change: run again');
      }
      return this.rederiveText(journal, runId, saved.settings, run);
    }
    const { model } = run;
    const derive = (
      raw: RawCandidates,
      image: TaskImageSize,
      task: { index: number; data: Record<string, unknown> },
    ): { prediction: LsPrediction; exact: boolean } =>
      rederiveTask(model, raw, image, task, run.settings);
    // Runs journalled before their model kept raw candidates have none.
    let anyDone = false;
    let anyRaw = false;
    for await (const record of journal.readTasks(runId, { state: 'done', pageSize: 64 })) {
      anyDone = true;
      if (record.raw) {
        anyRaw = true;
        break;
      }
    }
    if (anyDone && !anyRaw) return none('this run kept no raw candidates: run again to apply');
    const predictions = this.host.predictions();
    const settings: RunSettings = {
      ...saved.settings,
      request: run.request,
      modelVersion: run.modelVersion,
    };
    const summary = await rewriteRun(journal, runId, settings, (record) => {
      const { prediction, exact } = derive(
        unpackCandidates(record.raw!),
        record.image ?? { width: 1, height: 1 },
        { index: record.index, data: record.task?.data ?? {} },
      );
      predictions.set(record.index, prediction);
      return { prediction, exact };
    });
    return {
      supported: true,
      tasks: summary.tasks,
      changed: summary.changed,
      // Tasks without raw candidates keep their old prediction: not what these settings give.
      inexact: summary.inexact + summary.withoutRaw,
      regions: summary.regions,
      modelVersion: run.modelVersion,
    };
  }
}

/** The text side of rethreshold(): spans or class probabilities kept in the journal. */
async function rederiveTextRun(
  journal: RunJournal,
  runId: string,
  saved: RunSettings,
  run: Extract<JournalledRun, { modality: 'text' }>,
  predictions: PredictionStore,
): Promise<RethresholdSummary> {
  // Runs journalled before text runs kept their raw form have none.
  for await (const record of journal.readTasks(runId, { state: 'done', pageSize: 64 })) {
    if (record.textRaw) break;
    return {
      supported: false,
      reason: 'this run kept no spans or probabilities: run again to apply',
      tasks: 0,
      changed: 0,
      inexact: 0,
      regions: 0,
      modelVersion: run.modelVersion,
    };
  }
  const classNames = run.model.predictor.classNames;
  const settings: RunSettings = { ...saved, request: run.request, modelVersion: run.modelVersion };
  const summary = await rewriteRun(journal, runId, settings, (record) => {
    const { prediction } = rederiveTextTask(
      classNames,
      record.textRaw!,
      { index: record.index, data: record.task?.data ?? {} },
      run.settings,
    );
    predictions.set(record.index, prediction);
    // every span and every class probability was kept: exact for any settings
    return { prediction, exact: true };
  });
  return {
    supported: true,
    tasks: summary.tasks,
    changed: summary.changed,
    inexact: summary.withoutRaw,
    regions: summary.regions,
    modelVersion: run.modelVersion,
  };
}

/** Pending tasks that crashed before: each is run alone so its next crash has one suspect. */
function suspectsOf(crashes: Record<number, number>, pending: readonly number[]): Set<number> {
  return new Set(pending.filter((index) => (crashes[index] ?? 0) > 0));
}
