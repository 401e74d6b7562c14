// BENCH_ONLY=serve: `prelabel serve` against `prelabel predict` on the same
// photos. /predict throughput with 4 concurrent clients (one task per call,
// as Label Studio sends when a task opens; images fetched from the Label
// Studio test server with the token) over the CLI's warm pipeline on the same
// files; and /health latency while a text classifier trains in the worker.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { basename, join } from 'node:path';
import { startLsTestServer } from '../test/ls-test-server';
import { builtinTextLearner } from '../src/server/learner-adapter';
import { createLogger } from '../src/server/logger';
import { startServer } from '../src/server/server';
import {
  TEXT_CONFIG,
  exportedTask,
  setupBody,
  simpleTask,
  trainBody,
} from '../src/server/protocol-fixtures';
import { DETECTION_CONFIG } from './fixtures';
import { openNodeDetection } from './node-detection';
import { median, quantile } from './stats';

const quietLogger = createLogger('error', { write: () => true });

async function post(url: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** `prelabel serve` in its own process, as deployed (the bench process plays Label Studio). */
async function startServeProcess(args: string[]): Promise<{ url: string; close(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['bin/prelabel.mjs', 'serve', '--port', String(port), '--log-level', 'warn', ...args],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const url = `http://127.0.0.1:${port}`;
  const end = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prelabel serve exited with ${child.exitCode}`);
    const up = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > end) throw new Error('prelabel serve did not answer /health within 60 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface ServeThroughput {
  images: number;
  clients: number;
  rounds: { serveTasksPerSecond: number; cliTasksPerSecond: number; ratio: number }[];
  ratio: number;
  serveTasksPerSecond: number;
  cliTasksPerSecond: number;
  emptyResults: number;
}

/** 4 clients pull tasks from one queue, one task per /predict call. */
async function serveRound(
  server: { url: string },
  project: string,
  refs: string[],
  clients: number,
): Promise<{ ms: number; empty: number }> {
  let next = 0;
  let empty = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < refs.length) {
        const i = next++;
        const reply = await post(`${server.url}/predict`, {
          tasks: [simpleTask(i + 1, { image: refs[i] })],
          project,
          label_config: DETECTION_CONFIG,
          params: { login: null, password: null, context: null },
        });
        const result = (reply.results as { result: unknown[] }[])[0]?.result ?? [];
        if (result.length === 0) empty++;
      }
    }),
  );
  return { ms: performance.now() - start, empty };
}

export async function serveThroughput(opts: {
  paths: string[];
  imagesDir: string;
  configPath: string;
  modelPath: string;
  outPath: string;
  rounds: number;
}): Promise<ServeThroughput> {
  const clients = 4;
  const uploads: Record<string, Uint8Array> = {};
  for (const path of opts.paths) uploads[`3/${basename(path)}`] = readFileSync(path);
  const ls = await startLsTestServer({
    projects: [{ id: 3, label_config: DETECTION_CONFIG }],
    uploads,
  });
  const server = await startServeProcess([
    '--model',
    opts.modelPath,
    '--state-dir',
    join(opts.imagesDir, '..', 'serve-state'),
  ]);
  const cli = await openNodeDetection(opts.configPath, opts.imagesDir, opts.modelPath, undefined, {
    warmup: 3,
    outPath: opts.outPath,
  });
  try {
    const project = '3.1796205600';
    // Label Studio calls /setup until the model is loaded (it answers "…@loading" meanwhile).
    while (
      String(
        (
          await post(
            `${server.url}/setup`,
            setupBody(ls.url, ls.state.legacyToken, DETECTION_CONFIG),
          )
        ).model_version,
      ).endsWith('@loading')
    ) {
      await new Promise((r) => setTimeout(r, 200));
    }
    const refs = opts.paths.map((p) => `/data/upload/3/${basename(p)}`);
    await serveRound(server, project, refs.slice(0, 8), clients); // warm-up
    const rounds = [];
    let empty = 0;
    // Alternate the two so that a noisy neighbour hits both alike.
    for (let r = 0; r < opts.rounds; r++) {
      const s = await serveRound(server, project, refs, clients);
      const c = await cli.pipeline();
      empty = s.empty;
      const serveTasksPerSecond = (refs.length * 1000) / s.ms;
      rounds.push({
        serveTasksPerSecond,
        cliTasksPerSecond: c.tasksPerSecond,
        ratio: serveTasksPerSecond / c.tasksPerSecond,
      });
    }
    return {
      images: refs.length,
      clients,
      rounds,
      ratio: median(rounds.map((r) => r.ratio)),
      serveTasksPerSecond: median(rounds.map((r) => r.serveTasksPerSecond)),
      cliTasksPerSecond: median(rounds.map((r) => r.cliTasksPerSecond)),
      emptyResults: empty,
    };
  } finally {
    await cli.release();
    await server.close();
    await ls.close();
  }
}

export interface HealthWhileTraining {
  examples: number;
  trainMs: number;
  jobStatus: string;
  idle: { median: number; p99: number; max: number; samples: number };
  training: { median: number; p99: number; max: number; samples: number };
}

const WORDS = (
  'price delivery refund broken excellent terrible quick slow support friendly rude ' +
  'package late early quality cheap expensive works failed love hate great awful fine ' +
  'order return replace battery screen color size fit comfortable noisy quiet warm cold'
).split(' ');

/** Deterministic reviews: class words mixed into common ones. */
function syntheticTexts(count: number): { text: string; label: string }[] {
  let seed = 12345;
  const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const positive = ['excellent', 'quick', 'friendly', 'great', 'love', 'works', 'fine'];
  const negative = ['terrible', 'slow', 'rude', 'awful', 'hate', 'failed', 'broken'];
  return Array.from({ length: count }, () => {
    const label = rand() < 0.5 ? 'Positive' : 'Negative';
    const cue = label === 'Positive' ? positive : negative;
    const words = Array.from({ length: 40 }, () =>
      rand() < 0.15
        ? cue[Math.floor(rand() * cue.length)]
        : WORDS[Math.floor(rand() * WORDS.length)],
    );
    return { text: words.join(' '), label };
  });
}

async function timeHealth(url: string): Promise<number> {
  const start = performance.now();
  const response = await fetch(`${url}/health`);
  await response.json();
  return performance.now() - start;
}

const summary = (ms: number[]) => ({
  median: median(ms),
  p99: quantile(ms, 0.99),
  max: Math.max(...ms),
  samples: ms.length,
});

/** /health every 20 ms while the job's status is "started" (a job, not a timer, bounds it). */
export async function healthWhileTraining(
  stateDir: string,
  examples: number,
): Promise<HealthWhileTraining> {
  const server = await startServer({
    port: 0,
    stateDir,
    learner: builtinTextLearner,
    logger: quietLogger,
  });
  try {
    const idle: number[] = [];
    for (let i = 0; i < 100; i++) idle.push(await timeHealth(server.url));
    await post(`${server.url}/setup`, setupBody('', '', TEXT_CONFIG));
    const tasks = syntheticTexts(examples).map((t, i) => exportedTask(i + 1, t.text, t.label));
    const started = performance.now();
    const { job } = await post(`${server.url}/train`, trainBody(tasks));
    const during: number[] = [];
    let status = 'started';
    while (status === 'queued' || status === 'started') {
      during.push(await timeHealth(server.url));
      status = String((await post(`${server.url}/job_status`, { job })).job_status);
      await new Promise((r) => setTimeout(r, 20));
    }
    const record = server.backend.jobs.job(String(job));
    return {
      examples,
      trainMs: performance.now() - started,
      jobStatus: record?.error ? `${status}: ${record.error}` : status,
      idle: summary(idle),
      training: summary(during),
    };
  } finally {
    await server.close();
  }
}
