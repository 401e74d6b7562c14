import { useApp } from '../store';
import { NumberField } from './NumberField';
import { ResumeOffer } from './ResumeOffer';
import { SavedRunOffer } from './SavedRunOffer';
import { StorageInfo } from './StorageInfo';

/**
 * What survives a reload: the offer to resume an unfinished run and why the
 * last run stopped early. Below: the per-task time
 * limit, how often a long run gets a fresh worker, and the browser storage
 * runs are saved in.
 */
export function RunRecovery() {
  const offer = useApp((s) => s.resumeOffer);
  const stopReason = useApp((s) => s.stopReason);
  const active = useApp((s) => s.runStatus === 'running' || s.runStatus === 'paused');
  // After a cancel the Run panel offers to continue; elsewhere it shows here.
  const cancelled = useApp((s) => s.runStatus === 'cancelled');
  const { resumeRun, discardResumable } = useApp.getState();

  return (
    <>
      <SavedRunOffer />
      {offer && !active && !cancelled && (
        <ResumeOffer
          offer={offer}
          onResume={() => void resumeRun()}
          onDiscard={() => void discardResumable()}
        />
      )}
      {stopReason && (
        <p className="error" role="alert" data-testid="stop-reason">
          The run stopped: {stopReason}
        </p>
      )}
    </>
  );
}

/** Settings few need, folded away: per-task time limit, worker recycling, storage. */
export function AdvancedRunSettings() {
  const timeout = useApp((s) => s.taskTimeoutSeconds);
  const recycleAfter = useApp((s) => s.recycleAfterTasks);
  const done = useApp((s) => s.progress?.done ?? 0);
  const active = useApp((s) => s.runStatus === 'running' || s.runStatus === 'paused');
  const { setTaskTimeout, setRecycleAfterTasks } = useApp.getState();
  return (
    <>
      <details className="advanced">
        <summary>Advanced run settings</summary>
        <div className="row">
          <NumberField
            id="task-timeout"
            label="Time limit per task (s, 0 = none)"
            className="narrow"
            min={0}
            step={10}
            value={timeout}
            disabled={active}
            onChange={setTaskTimeout}
          />
        </div>
        <div className="row">
          <NumberField
            id="recycle-after"
            label="Fresh engine worker every (tasks, 0 = never)"
            title="ONNX Runtime's memory only grows; a fresh worker gives it back"
            className="narrow"
            min={0}
            step={1000}
            value={recycleAfter}
            disabled={active}
            onChange={setRecycleAfterTasks}
          />
        </div>
        <StorageInfo refreshKey={Math.floor(done / 100)} />
      </details>
    </>
  );
}
