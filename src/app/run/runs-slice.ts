// The journalled-run part of the app store (spread into store.ts like the
// Label Studio slice): the "resume run" offer, a run that goes on across
// worker deaths and per-task timeouts, re-thresholding after a run without
// inference, and why a run stopped (e.g. full storage).

import {
  isAudioModelKind,
  isTextModelKind,
  type GenerationRequest,
  type ModelKind,
  type RunProgress,
  type RunRequest,
  type RunSummary,
} from '../../engine/api';
import { isAudioTarget, isTextTarget, type AppTarget } from '../targets';
import { EngineRestartedError } from '../../engine-client/engine-client';
import type {
  RethresholdSummary,
  ResumableRunInfo,
  RunOptions,
  RunsEngineApi,
  TaskEventCallback,
} from '../../engine/runs-api';
import { RunSupervisor } from './run-supervisor';
import { noteLeftCleanly, takeLeftCleanly } from './left-cleanly';

export interface RethresholdStatus {
  state: 'working' | 'updated' | 'unsupported' | 'error';
  text: string;
}

export interface RunsState {
  resumeOffer: ResumableRunInfo | null;
  rethresholdStatus: RethresholdStatus | null;
  /** Why the last run stopped on its own before the end. */
  stopReason: string | null;
  /** Per-task limit (inference, and fetch + decode); 0 = none. */
  taskTimeoutSeconds: number;
  /** Tasks a worker runs before a fresh one takes over (see DEFAULT_RECYCLE_AFTER_TASKS); 0 = never. */
  recycleAfterTasks: number;
  /** The journalled run whose predictions are shown (re-threshold applies to it). */
  lastRunId: string | null;
}

export interface RunsActions {
  refreshResumeOffer(): Promise<void>;
  /** Restores the offered run's settings and runs its pending tasks. */
  resumeRun(): Promise<void>;
  discardResumable(): Promise<void>;
  setTaskTimeout(seconds: number): void;
  setRecycleAfterTasks(tasks: number): void;
  /**
   * store.run's way of running: goes on after the worker dies (a new worker
   * resumes from the journal) until the run ends.
   */
  startRun(request: RunRequest, onProgress: (p: RunProgress) => void): Promise<RunSummary>;
  /** From the store's restart listener: before / after it reloads the new worker. */
  runsEngineRestarted(): void;
  runsEngineReloaded(): void;
  rethresholdNow(request: RunRequest): Promise<void>;
}

export type RunsSlice = RunsState & RunsActions;

export interface RunsHost {
  engine(): RunsEngineApi & {
    run(
      request: RunRequest,
      onProgress: (p: RunProgress) => void,
      options?: RunOptions,
      onTaskEvent?: TaskEventCallback,
    ): Promise<RunSummary>;
    restart(reason: string, options?: { startAfterMs?: number }): void;
    pause(): Promise<void>;
  };
  /** Puts the run's settings back in the UI (targets, thresholds…), then runs (store.run). */
  restoreAndRun(request: RunRequest): Promise<void>;
  /** After re-thresholding: refresh the preview. */
  refreshPreview(): Promise<void>;
}

type SliceSet = (partial: Partial<RunsState>) => void;
type SliceGet = () => RunsSlice & { runStatus: string };

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export const DEFAULT_TASK_TIMEOUT_SECONDS = 300;

/**
 * ONNX Runtime's WebAssembly memory grows over a long run in Chromium (~2.5 MB
 * per 1,000 tasks measured with a small detector, none in Node) and a
 * WebAssembly memory never shrinks. So after this many tasks the page pauses
 * the run, replaces the worker (its memory goes with it) and resumes from the
 * journal. Measured: flat between recycles. A worker that needs a fresh
 * compile of ORT's WebAssembly (every other one, src/engine/ort-module-tag.ts)
 * takes up to ~270 MB more for ~10 s while it compiles (README, recycling
 * bench), hence not more often.
 */
export const DEFAULT_RECYCLE_AFTER_TASKS = 50_000;

/** The old worker's memory was gone ~2 s after terminate() (/proc, 100,000-task bench run). */
const RECYCLE_START_AFTER_MS = 3000;

export function createRunsSlice(set: SliceSet, get: SliceGet, host: RunsHost): RunsSlice {
  let supervisor: RunSupervisor | null = null;
  let pendingResume: string | null = null;
  let reloaded: { promise: Promise<void>; resolve: () => void } | null = null;

  const describe = (s: RethresholdSummary): RethresholdStatus => {
    if (!s.supported) return { state: 'unsupported', text: s.reason ?? 'run again to apply' };
    const inexact =
      s.inexact > 0
        ? ` (${s.inexact} tasks may differ from a fresh run: the run kept too few candidates for these settings)`
        : '';
    return {
      state: 'updated',
      text: `Predictions updated without re-running: ${s.changed} of ${s.tasks} tasks changed; ${s.regions} regions in all${inexact}.`,
    };
  };

  return {
    resumeOffer: null,
    rethresholdStatus: null,
    stopReason: null,
    taskTimeoutSeconds: DEFAULT_TASK_TIMEOUT_SECONDS,
    recycleAfterTasks: DEFAULT_RECYCLE_AFTER_TASKS,
    lastRunId: null,

    async refreshResumeOffer() {
      if (supervisor) return;
      // Other tasks or another model: the last run's predictions are no longer the ones shown.
      set({ lastRunId: null, rethresholdStatus: null });
      try {
        set({ resumeOffer: await host.engine().findResumableRun() });
      } catch {
        set({ resumeOffer: null });
      }
    },

    async resumeRun() {
      const offer = get().resumeOffer;
      if (!offer) return;
      pendingResume = offer.runId;
      set({ resumeOffer: null });
      await host.restoreAndRun(offer.request);
    },

    async discardResumable() {
      const offer = get().resumeOffer;
      if (!offer) return;
      set({ resumeOffer: null });
      await host
        .engine()
        .discardRun(offer.runId)
        .catch(() => undefined);
    },

    setTaskTimeout(seconds) {
      set({ taskTimeoutSeconds: Math.max(0, seconds) });
    },

    setRecycleAfterTasks(tasks) {
      set({ recycleAfterTasks: Math.max(0, Math.floor(tasks)) });
    },

    async startRun(request, onProgress) {
      const timeout = get().taskTimeoutSeconds;
      const base: RunOptions = { prepareTimeoutSeconds: timeout };
      let runId = pendingResume;
      let options: RunOptions = runId
        ? { ...base, resumeRunId: runId, ...(takeLeftCleanly(runId) ? { leftCleanly: true } : {}) }
        : base;
      pendingResume = null;
      const onLeave = () => {
        if (runId) noteLeftCleanly(runId);
      };
      globalThis.addEventListener?.('pagehide', onLeave);
      const watch = new RunSupervisor({
        taskTimeoutMs: timeout * 1000,
        onOverrun: (_index, reason) => host.engine().restart(reason),
      });
      supervisor = watch;
      set({ resumeOffer: null, stopReason: null, rethresholdStatus: null });
      const recycleAfter = get().recycleAfterTasks;
      /** Whole-run done count when this worker's share began; a recycle is under way. */
      let segmentFrom: number | null = null;
      let recycling = false;
      const progress = (p: RunProgress) => {
        if (p.runId) runId = p.runId;
        onProgress(p);
        segmentFrom ??= p.done;
        // Only a journalled run can go on in a new worker.
        const due = recycleAfter > 0 && runId && p.done - segmentFrom >= recycleAfter;
        if (!recycling && due && p.state === 'running' && p.done < p.total) {
          recycling = true;
          void host.engine().pause();
        } else if (recycling && p.state === 'paused') {
          // Paused: nothing runs, the journal has every finished task.
          watch.plannedRestart();
          host.engine().restart(`recycled after ${recycleAfter} tasks to give its memory back`, {
            startAfterMs: RECYCLE_START_AFTER_MS,
          });
        }
      };
      try {
        for (;;) {
          try {
            const summary = await host.engine().run(request, progress, options, watch.onEvent);
            set({ stopReason: summary.stopReason ?? null, lastRunId: summary.runId ?? null });
            return summary;
          } catch (error) {
            // Only a worker that died mid-run, with a journal to continue from, goes on.
            if (!(error instanceof EngineRestartedError) || !runId) throw error;
            if (recycling) {
              recycling = false;
              segmentFrom = null;
              reloaded ??= deferred();
              await reloaded.promise;
              options = { ...base, resumeRunId: runId, leftCleanly: true };
              continue;
            }
            const verdicts = watch.workerDied();
            reloaded ??= deferred();
            await reloaded.promise;
            options = {
              ...base,
              resumeRunId: runId,
              suspects: watch.suspects(),
              crashed: verdicts
                .filter((v) => v.giveUp)
                .map((v) => ({ index: v.index, message: v.message })),
            };
          }
        }
      } finally {
        globalThis.removeEventListener?.('pagehide', onLeave);
        watch.stop();
        supervisor = null;
      }
    },

    runsEngineRestarted() {
      if (supervisor) reloaded ??= deferred();
    },

    runsEngineReloaded() {
      const gate = reloaded;
      reloaded = null;
      gate?.resolve();
    },

    async rethresholdNow(request) {
      set({ rethresholdStatus: { state: 'working', text: 'Applying the new settings…' } });
      try {
        const summary = await host.engine().rethreshold(request);
        set({ rethresholdStatus: describe(summary) });
        if (summary.supported) await host.refreshPreview();
      } catch (error) {
        set({ rethresholdStatus: { state: 'error', text: message(error) } });
      }
    },
  };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

interface WatchedState {
  runStatus: string;
  lastRunId: string | null;
  model: { kind: string } | null;
  options: unknown;
  targets: unknown;
  scoreMethod: unknown;
  versionOverride: unknown;
  tasks: unknown;
}

/**
 * Subscribes to the store: settings changed after a finished run →
 * re-threshold (debounced); new tasks or model → look for a run to resume.
 */
export function watchRuns<S extends WatchedState>(
  store: { subscribe(listener: (state: S, previous: S) => void): () => void; getState(): S },
  actions: NoInfer<{
    request(state: S): RunRequest | null;
    rethresholdNow(request: RunRequest): Promise<void>;
    refreshResumeOffer(): Promise<void>;
  }>,
  delayMs = 400,
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return store.subscribe((state, previous) => {
    if (state.tasks !== previous.tasks || state.model !== previous.model) {
      void actions.refreshResumeOffer();
    }
    const settingsChanged =
      state.options !== previous.options ||
      state.targets !== previous.targets ||
      state.scoreMethod !== previous.scoreMethod ||
      state.versionOverride !== previous.versionOverride;
    const finished = state.runStatus === 'done' || state.runStatus === 'cancelled';
    if (!settingsChanged || !finished || !state.lastRunId) return;
    // Only a change made after the run: not the run's own state updates.
    if (state.runStatus !== previous.runStatus) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      const request = actions.request(store.getState());
      if (request) void actions.rethresholdNow(request);
    }, delayMs);
  });
}

/** The request the store's run() sends, from its state (image models, OCR, text models). */
export function runRequestOf(state: {
  model: { kind: ModelKind } | null;
  targets: readonly AppTarget[];
  options: RunRequest['options'];
  scoreMethod: NonNullable<RunRequest['scoreMethod']>;
  versionOverride: string;
  ocrImage: string | null;
  generation?: GenerationRequest;
}): RunRequest | null {
  if (!state.model) return null;
  const ocr = state.model.kind === 'text';
  const request: RunRequest = {
    targets: ocr ? [] : state.targets.filter((t) => !isTextTarget(t) && !isAudioTarget(t)),
    options: state.options,
    scoreMethod: state.scoreMethod,
  };
  const text = state.targets.find(isTextTarget);
  if (isTextModelKind(state.model.kind) && text) {
    request.text = { fromName: text.fromName, toName: text.toName, mapping: text.mapping };
  }
  const audio = state.targets.find(isAudioTarget);
  if (isAudioModelKind(state.model.kind) && audio) {
    const { fromName, toName, mapping, mode } = audio;
    request.audio = { fromName, toName, mapping, mode };
  }
  if (state.model.kind === 'text-textarea') {
    const { prompt, ...rest } = state.generation ?? { strategy: 'greedy' };
    request.generation = { ...rest, ...(prompt?.trim() ? { prompt } : {}) };
  }
  if (state.versionOverride.trim()) request.modelVersion = state.versionOverride.trim();
  if (ocr && state.ocrImage) request.ocrImage = state.ocrImage;
  return request;
}
