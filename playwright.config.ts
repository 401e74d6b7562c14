import { execFileSync } from 'node:child_process';
import { defineConfig } from '@playwright/test';

// Debian's Chromium; never a downloaded browser (downloads fail here).
const executablePath = process.env.PRELABEL_CHROMIUM ?? '/usr/bin/chromium';

// The preview server's port: PRELABEL_E2E_PORT, else one the system says is
// free (4173, Vite's default, may belong to another program). Chosen once and
// put in the environment: the workers load this file again and must agree.
function freePort(): string {
  const script =
    "const s=require('node:net').createServer();" +
    "s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close();});";
  return execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim();
}
process.env.PRELABEL_E2E_PORT ||= freePort();
const port = Number(process.env.PRELABEL_E2E_PORT);

export default defineConfig({
  // One tsconfig for every file the tests load: the per-layer configs map
  // papaparse to a types-only stub for core, which must not reach run time.
  tsconfig: './tsconfig.test.json',
  testDir: 'e2e',
  timeout: 120_000,
  workers: 1,
  reporter: process.env.CI ? 'line' : 'list',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
