// Starts `prelabel serve` on a free port with a temporary state dir, and
// small JSON helpers, for the server tests.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../logger';
import { startServer, type RunningServer, type ServeOptions } from '../server';
import { majorityLearner } from './fake-learner';

export interface Harness extends RunningServer {
  stateDir: string;
  log: string[];
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Reply>;
  get(path: string, headers?: Record<string, string>): Promise<Reply>;
}

export interface Reply {
  status: number;
  body: Record<string, unknown> & { results?: Record<string, unknown>[] };
}

export async function startHarness(options: Partial<ServeOptions> = {}): Promise<Harness> {
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), 'prelabel-serve-'));
  const log: string[] = [];
  const running = await startServer({
    port: 0,
    learner: majorityLearner,
    logger: createLogger('debug', { write: (text: string) => log.push(text) }),
    ...options,
    stateDir,
  });
  const call = async (method: string, path: string, body?: unknown, headers = {}) => {
    const response = await fetch(running.url + path, {
      method,
      headers: { 'Content-Type': 'application/json', ...headers },
      ...(body === undefined
        ? {}
        : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Reply['body'] };
  };
  return {
    ...running,
    stateDir,
    log,
    post: (path, body, headers) => call('POST', path, body, headers),
    get: (path, headers) => call('GET', path, undefined, headers),
  };
}

/** Polls `check` every 10 ms (up to 20 s): waits for a state, not for a time. */
export async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const end = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
