// With `?test` in the address, e2e tests get a handle to fault the engine on
// purpose (terminate the worker mid-run) or recycle it sooner. Nothing is
// exposed otherwise.

import { engine } from './engine';
import { useApp } from './store';

export interface PrelabelTestHook {
  /** Terminates the engine worker as a crash would; the client starts a new one. */
  killWorker(): void;
  /** Replace the worker every `tasks` tasks of a run (default 20,000). */
  recycleAfter(tasks: number): void;
}

export function installTestHook(search: string = location.search): void {
  if (!new URLSearchParams(search).has('test')) return;
  const hook: PrelabelTestHook = {
    killWorker: () => engine().restart('terminated by a test'),
    recycleAfter: (tasks) => useApp.getState().setRecycleAfterTasks(tasks),
  };
  (window as unknown as { __prelabelTest?: PrelabelTestHook }).__prelabelTest = hook;
}
