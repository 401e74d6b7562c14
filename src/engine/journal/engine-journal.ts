// The engine's one handle on the run journal: opens it lazily (a browser
// without IndexedDB still runs, it just cannot resume), starts or resumes the
// journalled run, queues each settled task through the batching writer, keeps
// the tasks in flight marked (flight-marks.ts) and, on resuming, counts a
// crash for the tasks a death left marked; turns a full disk into a stop
// request instead of a crash.

import type { LsPrediction } from '../../core/results/types';
import type { LsTask } from '../../core/tasks/types';
import type { RawCandidates } from '../../models/rethreshold';
import type { TaskFailure } from '../api';
import type { PredictionSource } from '../prediction-store';
import type { TaskImageSize, TextRaw } from '../../models/predictor';
import type { ClassEvidence } from '../../models/predictor/class-evidence';
import { CrashLedger, type CrashVerdict } from '../crash-ledger';
import { exportToFile, type ExportSource } from '../export-file';
import type { ExportFormat, ExportedFile } from '../api';
import { JournalQuotaError } from './errors';
import { journalExportSource } from './export-run';
import { FlightMarks } from './flight-marks';
import { withUnsaved } from './with-unsaved';
import { packCandidates } from './packed-candidates';
import { RunJournal, type ResumableRun, type RunMatch } from './run-journal';
import type { RunRecord, RunSettings, TaskRecord } from './types';
import { JournalWriter, type WriterOptions } from './writer';
import type { MediaPrefix } from '../../core/export';

export interface DoneTask {
  task: LsTask;
  prediction: LsPrediction;
  raw?: RawCandidates;
  image?: TaskImageSize;
  textRaw?: TextRaw;
  /** The class evidence Label next ranks by (classifiers). */
  evidence?: ClassEvidence;
}

export interface ActiveJournalRun {
  run: RunRecord;
  /** Task indices still to run, ascending. */
  pending: number[];
  /**
   * Resumed after a death (of the tab or the worker): the pending tasks it
   * left marked in flight, each with one more crash (run.crashes has them).
   */
  landed: CrashVerdict[];
}

/** How many finished runs stay in the browser besides running ones. */
const KEEP_RUNS = 10;

export class EngineJournal {
  private journal: Promise<RunJournal | null> | null = null;
  private writer: JournalWriter | null = null;
  private marks: FlightMarks | null = null;
  private active: RunRecord | null = null;
  /** Per run: done tasks a failed write kept out of the journal (this session still has them). */
  private readonly unsaved = new Map<string, TaskRecord[]>();
  /** Why journalling is off (no IndexedDB), for a notice. */
  unavailable: string | null = null;

  constructor(
    private readonly open: () => Promise<RunJournal> = () => RunJournal.open(),
    private readonly writerOptions: WriterOptions = {},
    readonly maxCrashes = 2,
  ) {}

  /** The journal, or null when this browser cannot store it. */
  get(): Promise<RunJournal | null> {
    this.journal ??= this.open().catch((error: unknown) => {
      this.unavailable = error instanceof Error ? error.message : String(error);
      return null;
    });
    return this.journal;
  }

  get runId(): string | null {
    return this.active?.id ?? null;
  }

  async findResumable(match: RunMatch): Promise<ResumableRun | null> {
    return (await this.get())?.findResumable(match) ?? null;
  }

  async latestRun(match: RunMatch): Promise<ResumableRun | null> {
    return (await this.get())?.latestRun(match) ?? null;
  }

  /**
   * Starts a new journalled run, or continues `resumeId` (its done/failed
   * tasks are kept, the pending ones returned). `onStop` is called once if
   * writing fails (a full disk): the caller stops the run.
   */
  async begin(
    settings: RunSettings,
    total: number,
    onStop: (error: unknown) => void,
    resumeId?: string,
    /** False: the page was left on purpose (reload, close), not killed; marks count nothing. */
    countFlight = true,
  ): Promise<ActiveJournalRun | null> {
    await this.end('stopped');
    const journal = await this.get();
    if (!journal) return null;
    let run = resumeId ? await journal.getRun(resumeId) : undefined;
    if (run && run.total !== total) run = undefined;
    if (run) {
      run = await journal.updateSettings(run.id, settings);
      run = await journal.setStatus(run.id, 'running');
    } else {
      await journal.pruneRuns(KEEP_RUNS).catch(() => undefined);
      run = await journal.createRun(settings, total);
    }
    const pending = resumeId ? await journal.indicesIn(run.id, 'pending') : range(total);
    let landed: CrashVerdict[] = [];
    if (resumeId) ({ run, landed } = await this.landFlight(journal, run, pending, countFlight));
    this.active = run;
    this.unsaved.delete(run.id); // a resume runs them again
    this.writer = new JournalWriter(journal, run.id, {
      ...this.writerOptions,
      onError: (error) => onStop(error),
    });
    this.marks = new FlightMarks(journal, run.id);
    return { run, pending, landed };
  }

  /**
   * Tasks left in flight by a death count one crash each, by CrashLedger's
   * rules; a marked task that settled after all (its record was written) is
   * not counted. Best effort: a journal that cannot do it resumes uncounted.
   */
  private async landFlight(
    journal: RunJournal,
    run: RunRecord,
    pending: readonly number[],
    count: boolean,
  ): Promise<{ run: RunRecord; landed: CrashVerdict[] }> {
    try {
      const flight = await journal.getFlight(run.id);
      if (!flight) return { run, landed: [] };
      if (!count) return { run: await journal.landFlight(run.id, run.crashes), landed: [] };
      const unsettled = new Set(pending);
      const ledger = new CrashLedger(this.maxCrashes, run.crashes);
      for (const index of flight.tasks) if (unsettled.has(index)) ledger.started(index, 'prepare');
      const landed = ledger.died();
      return { run: await journal.landFlight(run.id, ledger.snapshot()), landed };
    } catch {
      return { run, landed: [] };
    }
  }

  /** Re-opens a finished run for "retry failed": its failures become pending. */
  async beginRetry(
    runId: string,
    onStop: (error: unknown) => void,
  ): Promise<ActiveJournalRun | null> {
    const journal = await this.get();
    const run = journal ? await journal.getRun(runId) : undefined;
    if (!journal || !run) return null;
    await journal.clearFailed(runId);
    return this.begin(run.settings, run.total, onStop, runId);
  }

  /** The task starts its prepare or infer stage: resolves once it is marked in flight. */
  markStarted(index: number): Promise<void> {
    return this.marks?.started(index) ?? Promise.resolve();
  }

  markSettled(index: number): void {
    this.marks?.settled(index);
  }

  /** Paused: no task is worked on, a reload now is clean. */
  suspendMarks(): void {
    this.marks?.suspend();
  }

  unsuspendMarks(): void {
    this.marks?.unsuspend();
  }

  /** Queues a done task; throws JournalQuotaError once the disk is full. */
  async done(index: number, done: DoneTask): Promise<void> {
    await this.writer?.add({
      index,
      state: 'done',
      task: done.task,
      prediction: done.prediction,
      ...(done.raw ? { raw: packCandidates(done.raw) } : {}),
      ...(done.image ? { image: done.image } : {}),
      ...(done.textRaw ? { textRaw: done.textRaw } : {}),
      ...(done.evidence ? { evidence: done.evidence } : {}),
      at: Date.now(),
    });
  }

  async failed(failure: TaskFailure): Promise<void> {
    const { index, name, stage, message } = failure;
    await this.writer?.add({
      index,
      state: 'failed',
      failure: { name, stage, message },
      at: Date.now(),
    });
  }

  /** Flushes and marks the run; 'finished' only when no task is pending. */
  async end(state: 'finished' | 'stopped', reason?: string): Promise<void> {
    const writer = this.writer;
    const marks = this.marks;
    const run = this.active;
    this.writer = null;
    this.marks = null;
    this.active = null;
    if (!writer || !run) return;
    await writer.flush();
    if (writer.unwritten.length > 0) this.unsaved.set(run.id, [...writer.unwritten]);
    // After the flush: a death in between still finds the tasks it lost marked.
    await marks?.close();
    const journal = await this.get();
    if (!journal) return;
    const failedWrite = writer.error;
    const counts = await journal.counts(run.id);
    const status =
      state === 'finished' && counts.pending === 0 && !failedWrite ? 'finished' : 'stopped';
    const why = failedWrite instanceof JournalQuotaError ? failedWrite.message : reason;
    await journal.setStatus(run.id, status, why).catch(() => undefined);
  }

  /** Resolves once every task queued so far is written, so a read of the run sees it. */
  flushed(): Promise<void> {
    return this.writer?.flush() ?? Promise.resolve();
  }

  /** Done tasks of `runId` that a full disk kept out of the journal. */
  private unsavedOf(runId: string): TaskRecord[] {
    const live = this.active?.id === runId ? this.writer?.unwritten : undefined;
    return (live ?? this.unsaved.get(runId) ?? []).filter((r) => r.state === 'done');
  }

  /** A run's done predictions read back from the journal (the engine keeps only recent ones). */
  predictionSource(runId: string): PredictionSource {
    const journal = () => this.flushed().then(() => this.get());
    const unsaved = () => this.unsavedOf(runId);
    return {
      get: async (index) => {
        const record =
          (await (await journal())?.getTask(runId, index)) ??
          unsaved().find((r) => r.index === index);
        return record?.state === 'done' ? record.prediction : undefined;
      },
      entries: async function* () {
        const opened = await journal();
        if (!opened) return;
        const stored = opened.readTasks(runId, { state: 'done' });
        for await (const record of withUnsaved(stored, unsaved())) {
          if (!record.prediction) continue;
          yield record.evidence
            ? ([record.index, record.prediction, record.evidence] as const)
            : ([record.index, record.prediction] as const);
        }
      },
    };
  }

  async recordCrash(runId: string, index: number): Promise<number> {
    return (await this.get())?.recordCrash(runId, index) ?? 0;
  }

  async exportSource(runId: string): Promise<ExportSource | null> {
    const journal = await this.get();
    return journal ? journalExportSource(journal, runId, this.unsavedOf(runId)) : null;
  }

  async exportFile(
    runId: string,
    format: ExportFormat,
    mediaPrefix?: MediaPrefix,
  ): Promise<ExportedFile | null> {
    const source = await this.exportSource(runId);
    return source ? exportToFile(format, source, mediaPrefix) : null;
  }
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
