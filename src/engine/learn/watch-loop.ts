// The watch loop: poll the connected project, count new or changed
// annotations, retrain once enough came (changes between polls coalesce into
// one retrain), then predict the tasks still unlabelled and push them with the
// new model_version. A static page gets no webhooks, so it polls. Nothing is
// lost to a server error: the poll says what went wrong and the next one (or
// "poll now") goes on; a version whose push failed is pushed on the next poll.
import type { LabelingConfig } from '../../core/config/types';
import type { LsTask } from '../../core/tasks/types';
import { AnnotationChanges } from './annotation-changes';
import { ChangedTasks } from './changed-tasks';
import type { LearnVersion, TrainNotes, WatchOptions, WatchStatus } from './types';

export interface WatchClock {
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export const realClock: WatchClock = {
  now: () => Date.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface WatchDeps {
  /**
   * The project's config and tasks with their annotations; with `updatedAfter`
   * the server may give only the tasks updated since (complete: false).
   * Throws on server trouble.
   */
  read(
    updatedAfter?: string,
  ): Promise<{ config: LabelingConfig; tasks: LsTask[]; complete?: boolean }>;
  train(
    config: LabelingConfig,
    tasks: LsTask[],
  ): Promise<{ version: LearnVersion; notes: TrainNotes }>;
  /** Predicts the unlabelled tasks with the version's head and pushes them; throws when the push did not go. */
  publish(
    version: LearnVersion,
    config: LabelingConfig,
    tasks: LsTask[],
  ): Promise<NonNullable<WatchStatus['lastPush']>>;
  describe(
    error: unknown,
  ): Promise<{ message: string; kind?: NonNullable<WatchStatus['error']>['kind'] }>;
  onStatus(status: WatchStatus): void;
  /**
   * Held for each poll: the learner's quality estimates wait while the loop
   * reads, retrains, predicts and pushes; returns the release.
   */
  hold?(): () => void;
  clock?: WatchClock;
}

export class WatchLoop {
  private readonly clock: WatchClock;
  private readonly changes = new AnnotationChanges();
  private readonly project: ChangedTasks;
  private timer: unknown = null;
  private busy: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  /** Trained, not pushed yet. */
  private toPush: LearnVersion | null = null;
  /** A watch stopped by an engine restart, until the first poll compares with it. */
  private resumeFrom: WatchStatus | undefined;
  readonly status: WatchStatus;

  constructor(
    private readonly deps: WatchDeps,
    private readonly options: WatchOptions = {},
  ) {
    this.clock = deps.clock ?? realClock;
    this.project = new ChangedTasks(options.fullReadEvery);
    this.status = {
      phase: 'idle',
      polls: 0,
      pending: 0,
      retrainEvery: Math.max(1, Math.floor(options.retrainEvery ?? 1)),
      intervalSeconds: Math.max(1, options.intervalSeconds ?? 30),
    };
    // Resumed: the counts and what was last trained and pushed stay on show.
    const from = options.resumeFrom;
    if (from) {
      this.resumeFrom = from;
      this.status.polls = from.polls;
      if (from.lastTrained) this.status.lastTrained = from.lastTrained;
      if (from.lastPush) this.status.lastPush = from.lastPush;
    }
  }

  private emit(): void {
    this.deps.onStatus(structuredClone(this.status));
  }

  /** Polls at once, then every interval. */
  start(): void {
    this.stopped = false;
    void this.pollNow();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.clock.clearTimer(this.timer);
    this.timer = null;
    delete this.status.nextPollAt;
    this.status.phase = 'stopped';
    this.emit();
  }

  /** A poll now (the "retry" after an error); one in progress is followed by one more. */
  pollNow(): Promise<void> {
    if (this.busy) {
      this.again = true;
      return this.busy;
    }
    if (this.timer !== null) this.clock.clearTimer(this.timer);
    this.timer = null;
    this.busy = this.tick().finally(() => {
      this.busy = null;
      if (this.again && !this.stopped) {
        this.again = false;
        void this.pollNow();
      }
    });
    return this.busy;
  }

  /**
   * Pushes this version's predictions with the next poll (a rollback while
   * watching: the tasks still unlabelled get the version rolled back to).
   */
  publishNext(version: LearnVersion): void {
    this.toPush = version;
    this.status.pushPending = version.modelVersion;
    this.status.pushPendingId = version.id;
    this.emit();
  }

  /** Resolves when the poll in progress (if any) is over. */
  idle(): Promise<void> {
    return this.busy ?? Promise.resolve();
  }

  private setPhase(phase: WatchStatus['phase']): void {
    this.status.phase = phase;
    this.emit();
  }

  private async tick(): Promise<void> {
    const { status } = this;
    status.polls++;
    this.setPhase('polling');
    let failed = false;
    const release = this.deps.hold?.();
    try {
      const since = this.project.since();
      const read = await this.deps.read(since);
      const complete = !since || read.complete !== false;
      const { config } = read;
      const tasks = this.project.merge(read.tasks, complete);
      status.lastRead = { complete, tasks: read.tasks.length };
      status.lastPollAt = this.clock.now();
      const changed = this.changes.update(tasks);
      status.seen = await this.changes.digest();
      // Resumed after an engine restart: the same annotations as before it keep
      // their pending count (no retrain on what the last version learned);
      // any change meanwhile counts them all, as a first poll does.
      const from = this.resumeFrom;
      this.resumeFrom = undefined;
      status.pending += from?.seen === status.seen ? from.pending : changed;
      if (status.pending >= status.retrainEvery) {
        this.setPhase('training');
        const trained = await this.deps.train(config, tasks);
        status.pending = 0;
        status.lastTrained = {
          versionId: trained.version.id,
          modelVersion: trained.version.modelVersion,
          notes: trained.notes,
        };
        this.toPush = trained.version;
        status.pushPending = trained.version.modelVersion;
        status.pushPendingId = trained.version.id;
      }
      if (this.toPush && this.options.push !== false) {
        this.setPhase('pushing');
        status.lastPush = await this.deps.publish(this.toPush, config, tasks);
        // Some items did not go (5xx, no answer): the journal keeps the rest from going twice.
        if (!status.lastPush.retryable) {
          this.toPush = null;
          delete status.pushPending;
          delete status.pushPendingId;
        }
      }
    } catch (error) {
      failed = true;
      if (this.stopped) return;
      status.error = { ...(await this.deps.describe(error)), at: this.clock.now() };
    } finally {
      release?.();
      if (!failed) delete status.error;
      if (!this.stopped) this.schedule();
      else this.setPhase('stopped');
    }
  }

  private schedule(): void {
    const ms = this.status.intervalSeconds * 1000;
    this.status.nextPollAt = this.clock.now() + ms;
    this.timer = this.clock.setTimer(() => {
      this.timer = null;
      void this.pollNow();
    }, ms);
    this.setPhase('waiting');
  }
}
