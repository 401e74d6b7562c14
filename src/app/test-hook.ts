// With `?test` in the address, e2e tests get a handle to fault the engine on
// purpose (terminate the worker mid-run). Nothing is exposed otherwise.

import { engine } from './engine';

export interface PrelabelTestHook {
  /** Terminates the engine worker as a crash would; the client starts a new one. */
  killWorker(): void;
}

export function installTestHook(search: string = location.search): void {
  if (!new URLSearchParams(search).has('test')) return;
  const hook: PrelabelTestHook = { killWorker: () => engine().restart('terminated by a test') };
  (window as unknown as { __prelabelTest?: PrelabelTestHook }).__prelabelTest = hook;
}
