// `prelabel serve`: Label Studio's ML-backend HTTP API on Node's http module
// (eleven small routes: no framework needed). Shapes: README.md here.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { isAuthorized, type BasicCredentials } from './basic-auth';
import { Backend, type BackendOptions } from './backend';
import { HttpError, parseJsonObject, readBody, sendJson } from './http-io';
import { requestLine } from './logger';
import {
  parsePredict,
  parseSetup,
  parseTrain,
  parseWebhook,
  projectIdOf,
  type WebhookEvent,
} from './protocol';

export interface ServeOptions extends BackendOptions {
  host?: string;
  /** 0 = any free port. */
  port?: number;
  basicAuth?: BasicCredentials;
  /** Label Studio's webhooks carry no auth: let /webhook in without it. */
  webhookOpen?: boolean;
}

export interface RunningServer {
  url: string;
  server: Server;
  backend: Backend;
  close(): Promise<void>;
}

interface Answer {
  status: number;
  body: unknown;
  project?: string;
}

type Json = Record<string, unknown>;

const projectOrUndefined = (value: unknown) =>
  value === undefined || value === null ? undefined : projectIdOf(value);

async function route(
  backend: Backend,
  method: string,
  path: string,
  url: URL,
  body: () => Promise<Json>,
): Promise<Answer> {
  if (method === 'GET' && (path === '/health' || path === '/')) {
    return { status: 200, body: { status: 'UP', model_class: backend.modelClass } };
  }
  if (method === 'POST' && path === '/setup') {
    const request = parseSetup(await body());
    return { status: 200, body: await backend.setup(request), project: request.projectId };
  }
  if (method === 'POST' && path === '/predict') {
    const request = parsePredict(await body());
    const results = await backend.predict(request);
    return { status: 200, body: { results }, ...withProject(request.projectId) };
  }
  if (method === 'POST' && path === '/train') {
    const request = parseTrain(await body());
    const job = await backend.train(request);
    return {
      status: 201,
      body: 'skipped' in job ? { status: 'skipped', reason: job.skipped } : { job: job.id },
      project: request.projectId,
    };
  }
  if (method === 'POST' && path === '/webhook') {
    const json = await body();
    const event: WebhookEvent | undefined = parseWebhook(json);
    if (!event) return { status: 200, body: { status: 'Unknown event' } };
    const job = await backend.webhook(event);
    return {
      status: 201,
      body:
        'skipped' in job
          ? { status: 'ok', result: null, reason: job.skipped }
          : { status: 'ok', result: { job: job.id, job_status: job.status } },
      project: event.projectId,
    };
  }
  if (method === 'POST' && path === '/job_status') {
    const json = await body();
    if (typeof json.job !== 'string' || json.job === '') {
      throw new HttpError(400, '"job" is required (the id /train answered)');
    }
    const job = backend.jobs.job(json.job);
    if (!job) throw new HttpError(410, `no job ${json.job} (unknown, or from before a restart)`);
    const { status, error, result, created_at, enqueued_at, started_at, ended_at } = job;
    return {
      status: 200,
      body: { job_status: status, error, created_at, enqueued_at, started_at, ended_at, result },
      project: job.project,
    };
  }
  if ((method === 'GET' || method === 'POST') && path === '/versions') {
    const json = await body();
    const project = projectOrUndefined(json.project ?? url.searchParams.get('project'));
    return { status: 200, body: await backend.versions(project), ...withProject(project) };
  }
  if (method === 'GET' && path === '/metrics') {
    return { status: 200, body: { ...backend.counters } };
  }
  if (method === 'POST' && path === '/delete') {
    const json = await body();
    if (json.project === undefined) throw new HttpError(400, '"project" is required');
    const project = projectIdOf(json.project);
    return { status: 200, body: { deleted: await backend.remove(project) }, project };
  }
  throw new HttpError(404, `no route ${method} ${path}`);
}

const withProject = (project: string | undefined) => (project ? { project } : {});

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const backend = new Backend(options);
  const { logger } = options;
  const sockets = new Set<Socket>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    let answer: Answer;
    try {
      const open = options.webhookOpen && path === '/webhook';
      if (
        options.basicAuth &&
        !open &&
        !isAuthorized(req.headers.authorization, options.basicAuth)
      ) {
        res.setHeader('WWW-Authenticate', 'Basic realm="prelabel"');
        throw new HttpError(401, 'Unauthorized: this server needs HTTP Basic auth');
      }
      answer = await route(backend, method, path, url, async () =>
        parseJsonObject(await readBody(req)),
      );
    } catch (error) {
      const known = error instanceof HttpError;
      if (!known) logger.error(`${method} ${path}: ${(error as Error).stack ?? String(error)}`);
      answer = {
        status: known ? error.status : 500,
        body: { error: (error as Error).message },
      };
    }
    sendJson(res, answer.status, answer.body);
    const line = requestLine(
      method,
      path,
      answer.project,
      answer.status,
      performance.now() - started,
    );
    if (answer.status >= 500) logger.error(line);
    else if (answer.status >= 400) logger.warn(`${line}: ${(answer.body as Json).error as string}`);
    else logger.info(line);
  };

  const server = createServer((req, res) => void handle(req, res));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 9090, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    server,
    backend,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      await backend.close();
    },
  };
}
