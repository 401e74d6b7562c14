// A Label Studio API test server: a Node http server on 127.0.0.1 (loopback
// only, random port) that answers the endpoints Prelabel uses the way the fact
// sheet documents them, with toggles for older/other server behaviours and
// injectable faults. For vitest and the Playwright e2e; it only serves, and the
// test that starts it closes it.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { corsHeaders } from './cors';
import { Router, type Incoming, type Reply } from './routes';
import { LsTestState } from './state';
import type { FaultRule, LsTestServerOptions, LsTestSettings } from './types';

export type * from './types';
export { configDataKeys } from './state';
export { browserLikeFetch } from './browser-fetch';

export interface LsTestServer {
  /** http://127.0.0.1:<port> (no trailing slash). */
  url: string;
  state: LsTestState;
  /** Behaviour toggles; change them between requests. */
  settings: LsTestSettings;
  /** Injects a fault for the next matching request(s). */
  addFault(rule: FaultRule): void;
  /** Faults still waiting to fire. */
  faults: FaultRule[];
  close(): Promise<void>;
}

const MAX_BODY = 256 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) req.destroy(new Error('body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function matches(rule: FaultRule, method: string, path: string): boolean {
  if (rule.method && rule.method !== method) return false;
  if (rule.path === undefined) return true;
  return typeof rule.path === 'string'
    ? path === rule.path || path === `${rule.path}/`
    : rule.path.test(path);
}

export async function startLsTestServer(options: LsTestServerOptions = {}): Promise<LsTestServer> {
  const state = new LsTestState(options);
  const settings: LsTestSettings = {
    importPredictions: options.importPredictions ?? true,
    tasksApi: options.tasksApi ?? true,
    asyncImport: options.asyncImport ?? false,
    asyncImportPolls: options.asyncImportPolls ?? 2,
    cors: options.cors ?? 'allow-all',
    ignoreProjectFilter: options.ignoreProjectFilter ?? false,
    forbiddenProjects: options.forbiddenProjects ?? [],
  };
  const router = new Router(state, settings);
  const faults: FaultRule[] = [];
  const sockets = new Set<Socket>();

  function takeFault(method: string, path: string): FaultRule | undefined {
    const index = faults.findIndex((f) => matches(f, method, path));
    if (index < 0) return undefined;
    const rule = faults[index]!;
    const left = (rule.times ?? 1) - 1;
    if (left <= 0) faults.splice(index, 1);
    else rule.times = left;
    return rule;
  }

  function send(res: ServerResponse, reply: Reply, cors: Record<string, string>) {
    const headers: Record<string, string> = { ...cors, ...reply.headers };
    let payload: Uint8Array | string = '';
    if (reply.raw !== undefined) {
      payload = reply.raw;
      headers['Content-Type'] = reply.contentType ?? 'application/octet-stream';
    } else if (reply.body !== undefined) {
      payload = JSON.stringify(reply.body);
      headers['Content-Type'] = 'application/json';
    }
    headers['Content-Length'] = String(Buffer.byteLength(payload));
    res.writeHead(reply.status, headers);
    res.end(payload);
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
    const entry: LsTestServer['state']['requests'][number] = {
      method,
      url: url.pathname + url.search,
    };
    if (req.headers.authorization) entry.authorization = req.headers.authorization;
    if (origin) entry.origin = origin;
    state.requests.push(entry);
    try {
      if (method === 'OPTIONS') {
        send(res, { status: 200, raw: '' }, corsHeaders(settings, origin, true));
        return;
      }
      const body = await readBody(req);
      const fault = takeFault(method, url.pathname);
      if (fault?.action.kind === 'delay') {
        const { ms } = fault.action;
        await new Promise((r) => setTimeout(r, ms));
      }
      if (fault?.action.kind === 'drop' && fault.action.when === 'before') {
        req.socket.destroy();
        return;
      }
      if (fault?.action.kind === 'status') {
        const headers: Record<string, string> = {};
        if (fault.action.retryAfter !== undefined) headers['Retry-After'] = fault.action.retryAfter;
        send(
          res,
          {
            status: fault.action.status,
            body: fault.action.body ?? { detail: 'injected fault' },
            headers,
          },
          corsHeaders(settings, origin, false),
        );
        return;
      }
      const incoming: Incoming = { method, url, headers: req.headers, body };
      const reply = await router.handle(incoming);
      if (fault?.action.kind === 'drop' && fault.action.when === 'after') {
        // The work is done (state changed); the answer never arrives.
        req.socket.destroy();
        return;
      }
      send(res, reply, corsHeaders(settings, origin, false));
    } catch (error) {
      if (!res.headersSent) send(res, { status: 500, body: { detail: String(error) } }, {});
      else res.destroy();
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // Loopback only: nothing outside this machine can reach it.
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    state,
    settings,
    faults,
    addFault: (rule) => faults.push({ ...rule }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
