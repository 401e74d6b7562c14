import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { installTestHook } from './app/test-hook';
import './app/styles.css';
import { browserPageEnv, startServiceWorker } from './security/service-worker-client';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

async function start(host: HTMLElement): Promise<void> {
  // A static host without COOP/COEP/CSP headers: public/sw.js adds them, after one reload.
  if (!import.meta.env.DEV && (await startServiceWorker(browserPageEnv())) === 'reloading') return;
  installTestHook();
  createRoot(host).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

void start(root);
