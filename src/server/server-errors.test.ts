// Bad requests (4xx naming the field), basic auth, a task whose text is
// missing, and the state a restart keeps.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  IMAGE_CONFIG,
  PROJECT_UID,
  annotationEvent,
  exportedTask,
  predictBody,
  setupBody,
  simpleTask,
  trainBody,
} from './protocol-fixtures';
import { startHarness, type Harness } from './test-support/harness';

const running: Harness[] = [];
async function start(options: Parameters<typeof startHarness>[0] = {}) {
  const h = await startHarness(options);
  running.push(h);
  return h;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((h) => h.close()));
});

describe('bad requests', () => {
  it('answers 4xx with a message naming the field', async () => {
    const serve = await start();
    const cases: [string, unknown, number, RegExp][] = [
      ['/setup', { schema: '<View/>' }, 400, /"project"/],
      ['/setup', { project: PROJECT_UID }, 400, /"schema"/],
      ['/setup', { project: 'abc/../x.1', schema: '<View/>' }, 400, /"project"/],
      ['/setup', { project: PROJECT_UID, schema: '<View><Text' }, 400, /"schema"/],
      ['/predict', { project: PROJECT_UID, tasks: 'nope' }, 400, /"tasks"/],
      [
        '/predict',
        { project: PROJECT_UID, tasks: [{ data: {} }, { id: 2 }] },
        400,
        /tasks\[1\]\.data/,
      ],
      ['/predict', { tasks: [] }, 400, /"project" or "label_config"/],
      ['/predict', { project: '9.1', tasks: [] }, 400, /"label_config".*project 9/],
      ['/train', { project: PROJECT_UID, annotations: {} }, 400, /"annotations"/],
      ['/webhook', { project: { id: 3 } }, 400, /"action"/],
      ['/webhook', { action: 'ANNOTATION_CREATED', project: 3 }, 400, /"project"/],
      [
        '/webhook',
        { action: 'ANNOTATIONS_DELETED', annotations: [{}], project: { id: 3 } },
        400,
        /annotations\[0\]\.id/,
      ],
      ['/job_status', {}, 400, /"job"/],
      ['/delete', {}, 400, /"project"/],
    ];
    for (const [path, body, status, message] of cases) {
      const reply = await serve.post(path, body);
      expect({ path, body, status: reply.status }).toEqual({ path, body, status });
      expect(reply.body.error).toMatch(message);
    }
    const notJson = await serve.post('/setup', '{"project":');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toMatch(/not JSON/);
    expect((await serve.get('/nowhere')).status).toBe(404);
  });

  it('refuses a project no learner or model can serve, saying why', async () => {
    const serve = await start();
    const reply = await serve.post('/setup', setupBody('', '', IMAGE_CONFIG));
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatch(/no <Choices> on a <Text>.*without --model/);
  });

  it('gives a task without text no prediction (asked again next run) and logs why; the batch goes on', async () => {
    const serve = await start();
    await serve.post('/setup', setupBody('', ''));
    await serve.post('/train', trainBody([exportedTask(1, 'good', 'Positive')]));
    await serve.backend.jobs.idle();
    const reply = await serve.post(
      '/predict',
      predictBody([
        simpleTask(7, { text: 'fine' }),
        simpleTask(8, { other: 1 }),
        simpleTask(9, { text: 'ok' }),
      ]),
    );
    const results = reply.body.results!;
    expect(
      results.map((r) => (Array.isArray(r) ? 'none' : (r.result as unknown[]).length)),
    ).toEqual([1, 'none', 1]);
    expect(results[1]).toEqual([]);
    expect(serve.log.join('')).toMatch(
      /task 8: no prediction \(asked again next run\): data\.text is not text/,
    );
  });
});

describe('basic auth', () => {
  const credentials = { user: 'ls', pass: 's3cret:pass' };
  const header = (user: string, pass: string) => ({
    Authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`,
  });

  it('asks every route for the credentials Label Studio sends', async () => {
    const serve = await start({ basicAuth: credentials });
    const none = await serve.get('/health');
    expect(none.status).toBe(401);
    const raw = await fetch(`${serve.url}/health`);
    expect(raw.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect((await serve.get('/health', header('ls', 'wrong'))).status).toBe(401);
    expect((await serve.get('/health', header('ls', 's3cret:pass'))).status).toBe(200);
    const setup = await serve.post('/setup', setupBody('', ''), header('ls', 's3cret:pass'));
    expect(setup.status).toBe(200);
    // Label Studio's webhooks carry no auth: refused unless --webhook-open.
    const hook = await serve.post(
      '/webhook',
      annotationEvent('ANNOTATION_CREATED', 1, 'a', 'Positive'),
    );
    expect(hook.status).toBe(401);
  });

  it('lets /webhook in without credentials with --webhook-open, and only /webhook', async () => {
    const serve = await start({ basicAuth: credentials, webhookOpen: true });
    const hook = await serve.post(
      '/webhook',
      annotationEvent('ANNOTATION_CREATED', 1, 'a', 'Positive'),
    );
    expect(hook.status).toBe(201);
    expect((await serve.post('/setup', setupBody('', ''))).status).toBe(401);
  });
});

describe('state across a restart', () => {
  it('keeps config, host, token, heads and versions in --state-dir', async () => {
    const first = await start();
    await first.post('/setup', setupBody('http://ls.example:8080', 'tok123'));
    await first.post(
      '/train',
      trainBody([
        exportedTask(1, 'good', 'Positive'),
        exportedTask(2, 'bad', 'Negative'),
        exportedTask(3, 'fine', 'Negative'),
      ]),
    );
    await first.backend.jobs.idle();
    const stateDir = first.stateDir;
    await first.close();
    running.splice(running.indexOf(first), 1);

    const file = join(stateDir, 'projects/3/project.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(stored).toMatchObject({
      id: '3',
      uid: PROJECT_UID,
      hostname: 'http://ls.example:8080',
      accessToken: 'tok123',
    });
    expect(existsSync(join(stateDir, 'projects/3/heads/1.json'))).toBe(true);

    const second = await start({ stateDir });
    // No /setup after the restart: the stored config answers /predict.
    const reply = await second.post('/predict', {
      tasks: [simpleTask(4, { text: 'hm' })],
      project: PROJECT_UID,
    });
    expect(reply.body.results).toEqual([
      {
        result: [
          {
            from_name: 'sentiment',
            to_name: 'text',
            type: 'choices',
            value: { choices: ['Negative'] },
          },
        ],
        score: 2 / 3,
        model_version: 'majority.v1-3ann',
      },
    ]);
    const versions = await second.get('/versions?project=3');
    expect(versions.body.current_version).toBe('majority.v1-3ann');
    expect(versions.body.history).toMatchObject([
      { name: 'majority.v1-3ann', examples: 3, seq: 1 },
    ]);
    // The next training continues the numbering.
    await second.post('/train', trainBody([exportedTask(1, 'good', 'Positive')]));
    await second.backend.jobs.idle();
    expect((await second.post('/setup', setupBody('', ''))).body).toEqual({
      model_version: 'majority.v2-1ann',
    });

    const deleted = await second.post('/delete', { project: PROJECT_UID });
    expect(deleted.body).toEqual({ deleted: true });
    expect(existsSync(join(stateDir, 'projects/3'))).toBe(false);
  });
});
