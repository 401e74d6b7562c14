import { useEffect } from 'react';
import { BackendBadge } from './components/BackendBadge';
import { ConfigPanel } from './components/ConfigPanel';
import { DropZone } from './components/DropZone';
import { ExportPanel } from './components/ExportPanel';
import { LabelNextPanel } from './components/LabelNextPanel';
import { LearnPanel } from './components/LearnPanel';
import { MappingPanel } from './components/MappingPanel';
import { ModelPanel } from './components/ModelPanel';
import { Preview } from './components/Preview';
import { RunPanel } from './components/RunPanel';
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

/** The way through the page, in the order a labeling lead works. */
const STEPS = ['Data', 'Model', 'Run', 'Review', 'Export / push', 'Label next'] as const;

export function App() {
  useEffect(() => {
    void useApp.getState().init();
  }, []);

  return (
    <>
      <header className="top">
        <div className="brand">
          <h1>Prelabel</h1>
          <p className="tagline">
            Pre-label data for Label Studio in your browser: nothing leaves this page.
          </p>
        </div>
        <div className="top-actions">
          <BackendBadge />
          <TryIt />
        </div>
      </header>
      <nav aria-label="Steps" className="steps">
        <ol>
          {STEPS.map((step) => (
            <li key={step}>{step}</li>
          ))}
        </ol>
      </nav>
      <Notices />
      <main className="layout">
        <div className="column setup">
          <DropZone />
          <TasksPanel />
          <ConfigPanel />
          <ModelPanel />
          <MappingPanel />
          <ThresholdsPanel />
          <ServerPanel />
        </div>
        <div className="column work">
          <RunPanel />
          <Preview />
          <ExportPanel />
          <LabelNextPanel />
          <LearnPanel />
        </div>
      </main>
    </>
  );
}
