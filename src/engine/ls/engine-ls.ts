// The ls* half of the worker's Engine: it owns the LsSession and talks to the
// rest of the engine only through LsEngineHost, so Engine needs one-line
// delegations and nothing else. It also knows whether the engine's current
// tasks are the ones it loaded from the server: only then do task images go
// through the server (with the token).

import type { LsTask } from '../../core/tasks/types';
import type { Callback, ConfigState, TaskImage, TaskSummary } from '../api';
import type { LsEngineApi } from './api';
import { enginePushSource, type EnginePredictions, type LocalMedia } from './push-items';
import { CspWatch } from './csp-watch';
import { LsSession, type LsSessionOptions } from './session';
import type { TaskMediaFetcher } from './task-media';
import type {
  LsConnectRequest,
  LsLoadOptions,
  LsLoadProgress,
  LsPushProgress,
  LsPushRequest,
  LsPushResult,
  LsReportFile,
} from './types';

export interface LsEngineHost {
  /** Throws when a run is in progress. */
  assertIdle(): void;
  /** Applies a labeling config, exactly as for a dropped one. */
  setConfig(xml: string): Promise<ConfigState>;
  /** Replaces the engine's tasks (and drops its predictions); returns what the page shows. */
  adoptTasks(tasks: LsTask[]): TaskSummary;
  tasks(): readonly LsTask[];
  /** Done tasks' predictions (a journalled run's are read from IndexedDB as needed). */
  predictions(): EnginePredictions;
  /** The dropped file a task without id was made from (to upload it), if any. */
  localMedia?(task: LsTask): LocalMedia | undefined;
  /** Releases a Comlink callback proxy once a call is over. */
  release(callback: unknown): void;
}

function fileName(reference: string): string {
  const path = reference.split(/[?#]/)[0] ?? '';
  const d = /[?&]d=([^&]+)/.exec(reference)?.[1];
  const last = (d ? decodeURIComponent(d) : path).split('/').filter(Boolean).pop();
  return last || 'image';
}

export class EngineLs implements LsEngineApi {
  readonly session: LsSession;
  /** The task list handed to the engine by the last load (compared by identity). */
  private serverTasks: readonly LsTask[] | null = null;

  constructor(
    private readonly host: LsEngineHost,
    options: LsSessionOptions = {},
  ) {
    // In the worker: the fetches happen here, so do the CSP violation events.
    this.session = new LsSession({ csp: new CspWatch(), ...options });
  }

  /** Image fetching for the run loop: through the server when the tasks are its own. */
  mediaFetcher(currentTasks: readonly LsTask[]): TaskMediaFetcher | undefined {
    if (!this.serverTasks || currentTasks !== this.serverTasks || !this.session.connected) {
      return undefined;
    }
    return this.session.fetchTaskMedia;
  }

  /** The loaded project when the engine's tasks are its own (online learning keeps its heads apart). */
  projectOf(currentTasks: readonly LsTask[]): { server: string; id: number } | undefined {
    const connection = this.session.connected;
    const project = this.session.loadedProject;
    if (!connection || !project || currentTasks !== this.serverTasks) return undefined;
    return { server: connection.server, id: project.id };
  }

  /**
   * The preview's image for a server task: a File (an <img src> could not send
   * the token). undefined when the tasks are not the server's.
   */
  async taskImage(
    currentTasks: readonly LsTask[],
    reference: unknown,
  ): Promise<TaskImage | undefined> {
    const fetcher = this.mediaFetcher(currentTasks);
    if (!fetcher || typeof reference !== 'string' || reference === '') return undefined;
    const blob = await fetcher(reference);
    return { kind: 'file', file: new File([blob], fileName(reference), { type: blob.type }) };
  }

  lsConnect(request: LsConnectRequest) {
    return this.session.connect(request);
  }

  async lsDisconnect(): Promise<void> {
    this.session.disconnect();
  }

  lsSavedConnections() {
    return this.session.savedConnections();
  }

  lsForget(server: string) {
    return this.session.forget(server);
  }

  lsListProjects() {
    return this.session.listProjects();
  }

  async lsLoadProject(
    projectId: number,
    options: LsLoadOptions,
    onProgress?: Callback<LsLoadProgress>,
  ) {
    try {
      this.host.assertIdle();
      const outcome = await this.session.loadProject(projectId, options, onProgress);
      if (!outcome.ok) return outcome;
      const { project, tasks } = outcome;
      // The same parser as a dropped config; an unreadable one is shown like one.
      await this.host.setConfig(project.labelConfig);
      let summary: TaskSummary | null = null;
      if (project.tasksLoaded) {
        summary = this.host.adoptTasks(tasks);
        this.serverTasks = this.host.tasks();
      }
      return { ok: true as const, project, tasks: summary };
    } finally {
      this.host.release(onProgress);
    }
  }

  private items() {
    return enginePushSource(
      this.host.tasks(),
      this.host.predictions(),
      this.host.localMedia ? (task) => this.host.localMedia!(task) : undefined,
    );
  }

  async lsPush(
    request: LsPushRequest,
    onProgress?: Callback<LsPushProgress>,
  ): Promise<LsPushResult> {
    try {
      this.host.assertIdle();
      return await this.session.push(this.items(), request, onProgress);
    } finally {
      this.host.release(onProgress);
    }
  }

  async lsRetryFailed(
    request: LsPushRequest,
    onProgress?: Callback<LsPushProgress>,
  ): Promise<LsPushResult> {
    try {
      return await this.session.retryFailed(request, onProgress);
    } finally {
      this.host.release(onProgress);
    }
  }

  async lsCancel(opId?: string): Promise<void> {
    this.session.cancel(opId);
  }

  async lsReport(): Promise<LsReportFile> {
    const file = this.session.reportFile();
    if (!file) throw new Error('nothing has been pushed yet');
    return file;
  }
}
