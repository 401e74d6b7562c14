// The Label Studio part of the engine's API: EngineApi extends it, the worker's
// Engine implements it with an LsSession, the page calls it through EngineClient
// (src/engine-client).
// Plain data only; server failures come back as { ok: false, error } with the
// error classified (LsErrorInfo) so the page can say what to fix.

import type { Callback, TaskSummary } from '../api';
import type {
  LsConnectRequest,
  LsConnectionInfo,
  LsLoadOptions,
  LsLoadProgress,
  LsLoadedProject,
  LsOutcome,
  LsProjectChoice,
  LsPushProgress,
  LsPushRequest,
  LsPushResult,
  LsReportFile,
  LsSavedConnection,
} from './types';

export interface LsEngineApi {
  /** Tests the address and token; on success the worker keeps the client (and the token). */
  lsConnect(request: LsConnectRequest): Promise<LsOutcome<{ connection: LsConnectionInfo }>>;
  /** Drops the client and the token from memory (remembered tokens stay). */
  lsDisconnect(): Promise<void>;
  /** Connections remembered on this device, without their tokens. */
  lsSavedConnections(): Promise<LsSavedConnection[]>;
  /** Deletes the token remembered for `server`. */
  lsForget(server: string): Promise<void>;
  lsListProjects(): Promise<LsOutcome<{ projects: LsProjectChoice[] }>>;
  /**
   * Loads the project's config (as setConfig would) and its tasks, which then
   * replace the engine's tasks; their images are fetched through the server.
   */
  lsLoadProject(
    projectId: number,
    options: LsLoadOptions,
    onProgress?: Callback<LsLoadProgress>,
  ): Promise<LsOutcome<{ project: LsLoadedProject; tasks: TaskSummary | null }>>;
  /** Pushes the current predictions to the loaded project. Rejects when there is nothing to push. */
  lsPush(request: LsPushRequest, onProgress?: Callback<LsPushProgress>): Promise<LsPushResult>;
  /** Pushes again the items of the last push that failed. */
  lsRetryFailed(
    request: LsPushRequest,
    onProgress?: Callback<LsPushProgress>,
  ): Promise<LsPushResult>;
  /** Cancels the operation started with `opId` (all Label Studio operations without one). */
  lsCancel(opId?: string): Promise<void>;
  /** The last push's full JSON report. */
  lsReport(): Promise<LsReportFile>;
}
