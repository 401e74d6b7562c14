// The Label Studio part of the app store: what the server panel shows and the
// actions behind its buttons. Spread into the one store (store.ts) with a host
// that gives it the engine and lets it update the rest of the page. The token
// typed by the user lives in the store only until "Connect" hands it to the
// worker; then the field is emptied (a closure keeps it, out of the store,
// until disconnect, so a restarted worker can be connected again for the
// watch). Nothing here is persisted.

import type { TaskSummary } from '../engine/api';
import type { LsEngineApi } from '../engine/ls/api';
import type {
  LsConnectionInfo,
  LsLoadProgress,
  LsLoadedProject,
  LsProjectChoice,
  LsPushProgress,
  LsPushResult,
  LsSavedConnection,
} from '../engine/ls/types';
import type { LsErrorInfo } from '../core/ls-client';

export interface LsForm {
  url: string;
  /** The token being typed; emptied once the worker has it. */
  token: string;
  remember: boolean;
  projectId: number | null;
  pageSize: number;
  skipAnnotated: boolean;
  skipPredicted: boolean;
  /** The model_version whose tasks "skip already predicted" leaves out. */
  skipModelVersion: string;
  dryRun: boolean;
  concurrency: number;
}

export interface LsUiState extends LsForm {
  saved: LsSavedConnection[];
  connecting: boolean;
  connection: LsConnectionInfo | null;
  connectError: LsErrorInfo | null;
  projects: LsProjectChoice[] | null;
  projectsError: LsErrorInfo | null;
  loading: LsLoadProgress | null;
  loaded: LsLoadedProject | null;
  loadError: LsErrorInfo | null;
  pushing: { mode: 'push' | 'dry-run' | 'retry'; progress: LsPushProgress | null } | null;
  pushResult: LsPushResult | null;
  pushError: string | null;
  reportError: string | null;
}

export interface LsActions {
  lsSet(patch: Partial<LsForm>): void;
  /** Fills the form from a connection remembered on this device. */
  lsInit(): Promise<void>;
  lsConnect(): Promise<void>;
  lsDisconnect(): Promise<void>;
  lsForget(): Promise<void>;
  lsListProjects(): Promise<void>;
  /** configOnly: take the project's config and keep the tasks already here. */
  lsLoadProject(configOnly?: boolean): Promise<void>;
  lsPush(): Promise<void>;
  lsRetryFailed(): Promise<void>;
  /** Stops whatever the server panel started (load or push). */
  lsCancel(): Promise<void>;
  lsDownloadReport(): Promise<void>;
  /** A new worker knows no connection: the panel must connect again. */
  lsEngineRestarted(): void;
  /**
   * After an engine restart: connects the new worker again with the address
   * and token of the last connection and takes the loaded project's config
   * (the tasks stay). Null when the project is back, else why not.
   */
  lsReconnect(): Promise<string | null>;
}

export interface LsSlice extends LsActions {
  ls: LsUiState;
}

export interface LsHost {
  engine(): LsEngineApi;
  /** Lets the page reach the server (CSP allowlist); may restart the engine. */
  allowServer?(url: string): Promise<void>;
  /** Why the tasks cannot be replaced now (a run in progress), or null. */
  loadBlocker(): string | null;
  /** Why there is nothing to push yet, or null. */
  pushBlocker(): string | null;
  /** The engine now has the project's config (and tasks): update the rest of the page. */
  projectLoaded(project: LsLoadedProject, tasks: TaskSummary | null): Promise<void> | void;
  download(blob: Blob, fileName: string): void;
}

type SetLs = (partial: Partial<LsSlice> | ((state: LsSlice) => Partial<LsSlice>)) => void;

export const LS_LOAD_OP = 'ls-load';
export const LS_PUSH_OP = 'ls-push';

export const INITIAL_LS: LsUiState = {
  url: '',
  token: '',
  remember: false,
  projectId: null,
  pageSize: 100,
  skipAnnotated: false,
  skipPredicted: false,
  skipModelVersion: '',
  dryRun: false,
  concurrency: 4,
  saved: [],
  connecting: false,
  connection: null,
  connectError: null,
  projects: null,
  projectsError: null,
  loading: null,
  loaded: null,
  loadError: null,
  pushing: null,
  pushResult: null,
  pushError: null,
  reportError: null,
};

/** Why a load (it replaces the tasks) or a push cannot start, given the run's state. */
export function lsBlockers(runStatus: string): { load: string | null; push: string | null } {
  const running = runStatus === 'running' || runStatus === 'paused';
  return {
    load: running ? 'A run is in progress: cancel it or let it finish first.' : null,
    push: running
      ? 'Wait for the run to finish.'
      : runStatus === 'done' || runStatus === 'cancelled'
        ? null
        : 'Run the model first: there are no predictions to push yet.',
  };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A page-side refusal shown like a server error. */
function refusal(text: string): LsErrorInfo {
  return { kind: 'rejected', message: text };
}

export function createLsSlice(set: SetLs, get: () => LsSlice, host: LsHost): LsSlice {
  const patch = (changes: Partial<LsUiState>) => set((s) => ({ ls: { ...s.ls, ...changes } }));
  // The last connection, for a restarted engine only (a watch resumes on it):
  // kept in this closure, never in the store, never persisted; gone on disconnect.
  let lastConnect: { request: { url: string; token: string; remember: boolean } } | null = null;
  let lastProjectId: number | null = null;

  const push = async (mode: 'push' | 'dry-run' | 'retry') => {
    const { concurrency, pushing } = get().ls;
    if (pushing) return;
    const blocker = mode === 'retry' ? null : host.pushBlocker();
    if (blocker) {
      patch({ pushError: blocker });
      return;
    }
    patch({ pushing: { mode, progress: null }, pushError: null, reportError: null });
    const onProgress = (progress: LsPushProgress) =>
      set((s) => (s.ls.pushing ? { ls: { ...s.ls, pushing: { mode, progress } } } : {}));
    const request = { dryRun: mode === 'dry-run', concurrency, opId: LS_PUSH_OP };
    try {
      const result =
        mode === 'retry'
          ? await host.engine().lsRetryFailed(request, onProgress)
          : await host.engine().lsPush(request, onProgress);
      patch({ pushResult: result });
    } catch (error) {
      patch({ pushError: message(error) });
    } finally {
      patch({ pushing: null });
    }
  };

  return {
    ls: INITIAL_LS,

    lsSet(changes) {
      // An error about the address or token typed before is stale once they change.
      const { url, token } = get().ls;
      const edited =
        (changes.url !== undefined && changes.url !== url) ||
        (changes.token !== undefined && changes.token !== token);
      patch(edited ? { ...changes, connectError: null } : changes);
    },

    async lsInit() {
      try {
        const saved = await host.engine().lsSavedConnections();
        const latest = saved[0];
        patch(
          latest && get().ls.url === '' ? { saved, url: latest.url, remember: true } : { saved },
        );
      } catch {
        // No storage: nothing remembered.
      }
    },

    async lsConnect() {
      const { url, token, remember, connecting } = get().ls;
      if (connecting) return;
      // A new attempt: no error of an earlier one stays on screen.
      patch({
        connecting: true,
        connectError: null,
        projectsError: null,
        loadError: null,
        pushError: null,
        reportError: null,
      });
      try {
        await host.allowServer?.(url);
        const outcome = await host.engine().lsConnect({ url, token, remember });
        if (!outcome.ok) {
          patch({ connection: null, connectError: outcome.error, projects: null, loaded: null });
          return;
        }
        const { connection } = outcome;
        lastConnect = { request: { url, token, remember } };
        lastProjectId = null;
        patch({
          connection,
          token: '',
          projects: null,
          loaded: null,
          pushResult: null,
          projectId: connection.linkedProjectId ?? null,
        });
        const saved = await host.engine().lsSavedConnections();
        patch({ saved });
        await get().lsListProjects();
      } catch (error) {
        patch({ connectError: refusal(message(error)) });
      } finally {
        patch({ connecting: false });
      }
    },

    async lsDisconnect() {
      lastConnect = null;
      lastProjectId = null;
      await host.engine().lsCancel();
      await host.engine().lsDisconnect();
      patch({
        connection: null,
        projects: null,
        loaded: null,
        pushResult: null,
        loading: null,
        pushing: null,
      });
    },

    async lsForget() {
      const { connection, url } = get().ls;
      await host.engine().lsForget(connection?.server ?? url);
      const saved = await host.engine().lsSavedConnections();
      patch({
        saved,
        remember: false,
        connection: connection ? { ...connection, remembered: false } : null,
      });
    },

    async lsListProjects() {
      patch({ projectsError: null });
      const outcome = await host.engine().lsListProjects();
      if (!outcome.ok) {
        patch({ projectsError: outcome.error });
        return;
      }
      const { projectId } = get().ls;
      const keep = outcome.projects.some((p) => p.id === projectId);
      const only = outcome.projects.length === 1 ? outcome.projects[0]!.id : null;
      patch({ projects: outcome.projects, projectId: keep ? projectId : only });
    },

    async lsLoadProject(configOnly = false) {
      const { projectId, pageSize, skipAnnotated, skipPredicted, skipModelVersion, loading } =
        get().ls;
      if (loading) return;
      if (projectId === null) {
        patch({ loadError: refusal('choose a project first') });
        return;
      }
      const blocker = host.loadBlocker();
      if (blocker) {
        patch({ loadError: refusal(blocker) });
        return;
      }
      const initial: LsLoadProgress = {
        phase: 'config',
        received: 0,
        kept: 0,
        skippedAnnotated: 0,
        droppedOtherProject: 0,
        skippedPredicted: 0,
      };
      patch({ loading: initial, loadError: null, pushResult: null, pushError: null });
      const onProgress = (progress: LsLoadProgress) =>
        set((s) => (s.ls.loading ? { ls: { ...s.ls, loading: progress } } : {}));
      try {
        const version = skipPredicted ? skipModelVersion.trim() : '';
        const outcome = await host.engine().lsLoadProject(
          projectId,
          {
            pageSize,
            skipAnnotated,
            configOnly,
            opId: LS_LOAD_OP,
            ...(version ? { skipExistingModelVersion: version } : {}),
          },
          onProgress,
        );
        if (!outcome.ok) {
          patch({ loadError: outcome.error });
          return;
        }
        patch({ loaded: outcome.project });
        lastProjectId = projectId;
        await host.projectLoaded(outcome.project, outcome.tasks);
      } catch (error) {
        patch({ loadError: refusal(message(error)) });
      } finally {
        patch({ loading: null });
      }
    },

    lsPush: () => push(get().ls.dryRun ? 'dry-run' : 'push'),

    lsRetryFailed: () => push('retry'),

    async lsCancel() {
      await host.engine().lsCancel(get().ls.pushing ? LS_PUSH_OP : LS_LOAD_OP);
    },

    lsEngineRestarted() {
      const { ls } = get();
      if (!ls.connection && !ls.loading && !ls.pushing) return;
      patch({
        connection: null,
        projects: null,
        loaded: null,
        loading: null,
        pushing: null,
        connectError: { kind: 'aborted', message: 'the engine restarted: connect again' },
      });
    },

    async lsReconnect() {
      const last = lastConnect;
      const projectId = lastProjectId;
      if (!last || projectId === null) return 'no Label Studio project was loaded';
      try {
        const connected = await host.engine().lsConnect(last.request);
        if (!connected.ok) return `connecting again: ${connected.error.message}`;
        patch({ connection: connected.connection, connectError: null, projectId });
        await get().lsListProjects();
        const loaded = await host.engine().lsLoadProject(projectId, {
          configOnly: true,
          opId: LS_LOAD_OP,
        });
        if (!loaded.ok) return `loading project ${projectId} again: ${loaded.error.message}`;
        patch({ loaded: loaded.project, loadError: null });
        await host.projectLoaded(loaded.project, null);
        return null;
      } catch (error) {
        return message(error);
      }
    },

    async lsDownloadReport() {
      try {
        const file = await host.engine().lsReport();
        host.download(file.blob, file.fileName);
        patch({ reportError: null });
      } catch (error) {
        patch({ reportError: message(error) });
      }
    },
  };
}
