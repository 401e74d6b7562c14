import { useEffect } from 'react';
import { lsBlockers } from '../ls-slice';
import { useApp } from '../store';
import { ConnectForm } from './server/ConnectForm';
import { ProjectLoader } from './server/ProjectLoader';
import { PushBox } from './server/PushBox';
import { lsActions, useLs } from './server/use-ls';

/**
 * Label Studio server: connect, pick a project, load its config and tasks,
 * and after a run push the predictions back.
 */
export function ServerPanel() {
  const connected = useLs((s) => s.ls.connection !== null);
  const project = useLs((s) => s.ls.loaded);
  const pushBlocker = useApp((s) => lsBlockers(s.runStatus).push);

  useEffect(() => {
    void lsActions().lsInit();
  }, []);

  const blocker = !project ? 'Load a project (or its config) first.' : pushBlocker;
  return (
    <section className="panel" aria-labelledby="ls-title" data-testid="server-panel">
      <h2 id="ls-title">Label Studio server (optional)</h2>
      <p className="muted">
        Optional: read a project&apos;s config and tasks from your Label Studio, and send the
        predictions back to it.
      </p>
      <ConnectForm />
      {connected && <ProjectLoader />}
      {connected && <PushBox blocker={blocker} />}
    </section>
  );
}
