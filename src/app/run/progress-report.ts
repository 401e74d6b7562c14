// How one progress report from the engine changes the page's run state.
//
// Reports cross on their own message port (a Comlink callback proxy), the
// run's summary on the worker's port, and the browser keeps no order between
// two ports: a report sent before the run ended can arrive after its summary.
// Such a late report must not put a finished run back into "running" (the
// page would then wait for a run that is over, its export disabled).

import type { RunProgress } from '../../engine/api';

export type RunStatus = 'idle' | 'running' | 'paused' | 'done' | 'cancelled';

/** The page's view of a report: what to store, or null to drop it. */
export function progressUpdate(
  runStatus: RunStatus,
  progress: RunProgress,
  runEnded: boolean,
): { progress: RunProgress; runStatus: RunStatus } | null {
  const live = progress.state === 'running' || progress.state === 'paused';
  if (runEnded) {
    // Only the run's last report (done, cancelled) still says something new.
    return live ? null : { progress, runStatus };
  }
  return { progress, runStatus: live ? progress.state : runStatus };
}
