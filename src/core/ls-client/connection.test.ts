// Every auth path and every error class of "test connection", against the
// Label Studio test server (and, for CORS, a browser-like fetch).

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserLikeFetch,
  startLsTestServer,
  type LsTestServer,
} from '../../../test/ls-test-server';
import { LsClient } from './client';
import { CONFIG_XML, clientFor, leaks } from './test-fixtures';
import type { ConnectionResult } from './connection';

let server: LsTestServer;

beforeAll(async () => {
  server = await startLsTestServer({
    projects: [
      { id: 1, title: 'Cats', label_config: CONFIG_XML, tasks: [{ data: { image: 'a.jpg' } }] },
    ],
  });
});
afterAll(() => server.close());

function failure(result: ConnectionResult) {
  if (result.ok) throw new Error('expected a failure');
  return result.error;
}

describe('auth', () => {
  it('legacy token: sent as "Token <key>", no refresh', async () => {
    const before = server.state.refreshCount;
    const result = await clientFor(server.url, server.state.legacyToken).testConnection();
    expect(result).toMatchObject({
      ok: true,
      version: '1.13.1',
      tokenKind: 'legacy',
      user: { name: 'Test User' },
    });
    const whoami = server.state.requests.filter((r) => r.url === '/api/current-user/whoami').at(-1);
    expect(whoami?.authorization).toBe(`Token ${server.state.legacyToken}`);
    expect(server.state.refreshCount).toBe(before);
  });

  it('personal access token: refreshed once into a Bearer access token', async () => {
    const before = server.state.refreshCount;
    const client = clientFor(server.url, server.state.personalAccessToken);
    expect(await client.testConnection()).toMatchObject({
      ok: true,
      tokenKind: 'personal-access-token',
    });
    await client.listProjects();
    expect(server.state.refreshCount).toBe(before + 1);
    const last = server.state.requests.at(-1)!;
    expect(last.authorization).toMatch(/^Bearer ey/);
    expect(last.authorization).not.toContain(server.state.personalAccessToken);
  });

  it('refreshes on 401 once and retries the request', async () => {
    const client = clientFor(server.url, server.state.personalAccessToken);
    await client.listProjects();
    const refreshes = server.state.refreshCount;
    server.state.expireAccessTokens();
    const projects = await client.listProjects();
    expect(projects).toEqual([{ id: 1, title: 'Cats', taskCount: 1 }]);
    expect(server.state.refreshCount).toBe(refreshes + 1);
  });

  it('concurrent requests that all hit 401 share one refresh', async () => {
    const client = clientFor(server.url, server.state.personalAccessToken);
    await client.listProjects();
    server.state.expireAccessTokens();
    const refreshes = server.state.refreshCount;
    await Promise.all([1, 2, 3, 4].map(() => client.getProject(1)));
    expect(server.state.refreshCount).toBe(refreshes + 1);
  });

  it('a wrong legacy token is "unauthorized", naming where to find the right one', async () => {
    const error = failure(await clientFor(server.url, 'wrongwrongwrong123').testConnection());
    expect(error.kind).toBe('unauthorized');
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/Legacy Token/);
    expect(error.message).not.toContain('wrongwrongwrong123');
  });

  it('a revoked personal access token is "unauthorized" at the refresh', async () => {
    const { makePersonalAccessToken } = await import('../../../test/ls-test-server/jwt');
    const stale = makePersonalAccessToken();
    const error = failure(await clientFor(server.url, stale).testConnection());
    expect(error.kind).toBe('unauthorized');
    expect(error.message).toMatch(/personal access token/);
    expect(leaks([stale], error)).toEqual([]);
  });

  it('403 on a project the user may not see is "forbidden"', async () => {
    server.settings.forbiddenProjects = [1];
    try {
      const client = clientFor(server.url, server.state.legacyToken);
      await expect(client.getProject(1)).rejects.toMatchObject({ kind: 'forbidden', status: 403 });
    } finally {
      server.settings.forbiddenProjects = [];
    }
  });
});

describe('error classification', () => {
  it('wrong URL: /api/version is 404', async () => {
    const error = failure(
      await clientFor(`${server.url}/somewhere/else/`, server.state.legacyToken).testConnection(),
    );
    expect(error.kind).toBe('wrong-url');
    expect(error.message).toMatch(/does not look like Label Studio/);
  });

  it('wrong URL: something answers, but not JSON', async () => {
    const other = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!doctype html><title>My router</title>');
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
      const error = failure(await clientFor(url, server.state.legacyToken).testConnection());
      expect(error.kind).toBe('wrong-url');
    } finally {
      await new Promise((r) => other.close(r));
    }
  });

  it('server down: nothing listens at the address', async () => {
    const gone = await startLsTestServer();
    await gone.close();
    const error = failure(await clientFor(gone.url, 'x'.repeat(40)).testConnection());
    expect(error.kind).toBe('server-down');
    expect(error.message).toMatch(/nothing answers/);
  });

  it('CORS refusal in a browser: the server is up but does not allow the origin', async () => {
    server.settings.cors = ['https://someone-else.example'];
    try {
      const pageOrigin = 'http://localhost:5173';
      const client = new LsClient({
        url: server.url,
        token: server.state.legacyToken,
        pageOrigin,
        fetch: browserLikeFetch(pageOrigin),
        retry: { retries: 0 },
      });
      const error = failure(await client.testConnection());
      expect(error.kind).toBe('cors');
      expect(error.message).toContain(`CORS_ALLOWED_ORIGINS=${pageOrigin}`);
      expect(error.message).toMatch(/CORS_ALLOW_ALL_ORIGINS/);
      expect(error.message).toMatch(/CORS_ORIGIN_ALLOW_ALL/);
    } finally {
      server.settings.cors = 'allow-all';
    }
  });

  it('Label Studio default CORS lets a browser page in, Authorization header included', async () => {
    const pageOrigin = 'http://localhost:5173';
    const client = new LsClient({
      url: server.url,
      token: server.state.personalAccessToken,
      pageOrigin,
      fetch: browserLikeFetch(pageOrigin),
    });
    expect(await client.testConnection()).toMatchObject({ ok: true });
    expect((await client.getProject(1)).label_config).toBe(CONFIG_XML);
  });

  it('server down in a browser: the no-cors probe fails too', async () => {
    const gone = await startLsTestServer();
    await gone.close();
    const pageOrigin = 'http://localhost:5173';
    const client = new LsClient({
      url: gone.url,
      token: 'x'.repeat(40),
      pageOrigin,
      fetch: browserLikeFetch(pageOrigin),
      retry: { retries: 0 },
    });
    expect(failure(await client.testConnection()).kind).toBe('server-down');
  });

  it('mixed content: said before any request leaves', async () => {
    let calls = 0;
    const client = new LsClient({
      url: 'http://ls.example.com:8080',
      token: server.state.legacyToken,
      pageOrigin: 'https://prelabel.example',
      fetch: async () => {
        calls++;
        return new Response('{}');
      },
    });
    const error = failure(await client.testConnection());
    expect(error.kind).toBe('mixed-content');
    expect(error.message).toMatch(/https/);
    expect(calls).toBe(0);
  });

  it('a slow server is a timeout, not a hang', async () => {
    server.addFault({ path: '/api/version', times: 2, action: { kind: 'delay', ms: 400 } });
    const client = new LsClient({
      url: server.url,
      token: server.state.legacyToken,
      timeoutMs: 100,
      retry: { baseDelayMs: 1 },
    });
    expect(failure(await client.testConnection()).kind).toBe('timeout');
  });

  it('the token appears in no error, and never in a URL', async () => {
    const secrets = [server.state.legacyToken, server.state.personalAccessToken];
    const results = await Promise.all([
      clientFor(`${server.url}/nope/`, server.state.legacyToken).testConnection(),
      clientFor(server.url, server.state.legacyToken + 'x').testConnection(),
      clientFor(server.url, server.state.personalAccessToken + 'x').testConnection(),
    ]);
    expect(leaks(secrets, results)).toEqual([]);
    expect(
      leaks(
        secrets,
        server.state.requests.map((r) => r.url),
      ),
    ).toEqual([]);
  });
});
