import { useEffect } from 'react';
import { BackendBadge } from './components/BackendBadge';
import { ConfigPanel } from './components/ConfigPanel';
import { DropZone } from './components/DropZone';
import { ExportPanel } from './components/ExportPanel';
import { MappingPanel } from './components/MappingPanel';
import { ModelPanel } from './components/ModelPanel';
import { Preview } from './components/Preview';
import { RunPanel } from './components/RunPanel';
import { RunRecovery } from './components/RunRecovery';
import { ServerPanel } from './components/ServerPanel';
import { TasksPanel } from './components/TasksPanel';
import { ThresholdsPanel } from './components/ThresholdsPanel';
import { TryIt } from './components/TryIt';
import { useApp } from './store';

function Notices() {
  const notices = useApp((s) => s.notices);
  if (notices.length === 0) return null;
  return (
    <div className="notices" role="status" data-testid="notices">
      {notices.map((n, i) => (
        <p key={i}>{n}</p>
      ))}
    </div>
  );
}

export function App() {
  useEffect(() => {
    void useApp.getState().init();
  }, []);

  return (
    <>
      <header className="top">
        <h1>Prelabel</h1>
        <p>Pre-label data for Label Studio in your browser: nothing leaves this page.</p>
        <BackendBadge />
        <TryIt />
      </header>
      <Notices />
      <main className="layout">
        <div className="column">
          <DropZone />
          <ServerPanel />
          <ConfigPanel />
          <TasksPanel />
          <ModelPanel />
          <MappingPanel />
          <ThresholdsPanel />
        </div>
        <div className="column">
          <RunRecovery />
          <RunPanel />
          <Preview />
          <ExportPanel />
        </div>
      </main>
    </>
  );
}
