// Duplicate removal against the Label Studio test server: only our own
// identical copies go, the oldest stays, nobody else's prediction is touched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LsClient, type PushItem, type PushItemReport } from '../../core/ls-client';
import { startLsTestServer, type LsTestServer } from '../../../test/ls-test-server';
import { collectSent, describeRemoval, findDuplicates, type SentAttachments } from './verify-push';

const CONFIG =
  '<View><Image name="image" value="$image"/><Choices name="c" toName="image"><Choice value="A"/><Choice value="B"/></Choices></View>';
const VERSION = 'ours@1';
const choice = (value: string) => [
  { from_name: 'c', to_name: 'image', type: 'choices', value: { choices: [value] } },
];

let s: LsTestServer;
let client: LsClient;

beforeAll(async () => {
  s = await startLsTestServer({
    projects: [
      { id: 7, label_config: CONFIG, generate: { count: 4, data: (i) => ({ image: `${i}.jpg` }) } },
    ],
  });
  client = new LsClient({ url: s.url, token: s.state.legacyToken, retry: { retries: 0 } });
});
afterAll(() => s.close());

/** A push that attached `result` to each task (their listing said 0 predictions before). */
function pushed(taskIds: number[], result: unknown[]): SentAttachments {
  const items = taskIds.map(
    (id) =>
      ({
        task: { id, data: {}, total_predictions: 0 },
        prediction: { model_version: VERSION, result },
      }) as unknown as PushItem,
  );
  const reports: PushItemReport[] = taskIds.map((taskId, index) => ({
    index,
    action: 'attach',
    status: 'sent',
    modelVersion: VERSION,
    taskId,
  }));
  const sent: SentAttachments = new Map();
  collectSent(sent, items, reports);
  return sent;
}

describe('findDuplicates removes our extra copies', () => {
  it('two identical predictions of our version: the oldest stays, the other is deleted', async () => {
    const task = s.state.projects.get(7)!.tasks[0]!.id;
    const first = s.state.addPrediction(task, { model_version: VERSION, result: choice('A') });
    s.state.addPrediction(task, { model_version: VERSION, result: choice('A') });
    const sent = pushed([task], choice('A'));

    const found = await findDuplicates(client, 7, sent);

    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ taskId: task, count: 2, removed: 1 });
    expect(found[0]!.notRemoved).toBeUndefined();
    expect(s.state.predictionsFor(task).map((p) => p.id)).toEqual([first.id]);
    expect(s.state.predictions.some((p) => p.task === task && p.id !== first.id)).toBe(false);
    expect(describeRemoval(found)).toBe('removed 1 duplicate prediction');
  });

  it('never deletes another version or a different result', async () => {
    const task = s.state.projects.get(7)!.tasks[1]!.id;
    const other = s.state.addPrediction(task, { model_version: 'theirs@2', result: choice('A') });
    const mine = s.state.addPrediction(task, { model_version: VERSION, result: choice('A') });
    // Same version, different result: not a copy of what we sent.
    const edited = s.state.addPrediction(task, { model_version: VERSION, result: choice('B') });
    const sent = pushed([task], choice('A'));

    const found = await findDuplicates(client, 7, sent);

    expect(found[0]).toMatchObject({ taskId: task, count: 2 });
    expect(found[0]!.removed ?? 0).toBe(0);
    expect(s.state.predictionsFor(task).map((p) => p.id)).toEqual([other.id, mine.id, edited.id]);
  });

  it('a copy already gone (404) counts as removed', async () => {
    const task = s.state.projects.get(7)!.tasks[2]!.id;
    s.state.addPrediction(task, { model_version: VERSION, result: choice('B') });
    const second = s.state.addPrediction(task, { model_version: VERSION, result: choice('B') });
    const sent = pushed([task], choice('B'));
    // Someone deletes the copy between our listing and our DELETE.
    const list = client.listTaskPredictions.bind(client);
    const racing = Object.assign(Object.create(client) as LsClient, {
      listTaskPredictions: async (id: number, signal?: AbortSignal) => {
        const listed = await list(id, signal);
        s.state.deletePrediction(second.id);
        return listed;
      },
    });

    const found = await findDuplicates(racing, 7, sent);

    expect(found[0]).toMatchObject({ removed: 1 });
    expect(found[0]!.notRemoved).toBeUndefined();
    expect(s.state.predictionsFor(task)).toHaveLength(1);
  });

  it('reports a copy that could not be deleted, with the reason', async () => {
    const task = s.state.projects.get(7)!.tasks[3]!.id;
    s.state.addPrediction(task, { model_version: VERSION, result: choice('A') });
    const second = s.state.addPrediction(task, { model_version: VERSION, result: choice('A') });
    const sent = pushed([task], choice('A'));
    s.addFault({
      method: 'DELETE',
      path: new RegExp(`/api/predictions/${second.id}/?$`),
      action: { kind: 'status', status: 403 },
    });

    const found = await findDuplicates(client, 7, sent);

    expect(found[0]!.removed).toBe(0);
    expect(found[0]!.notRemoved?.[0]?.id).toBe(second.id);
    expect(s.state.predictionsFor(task)).toHaveLength(2);
    expect(describeRemoval(found)).toMatch(
      /^removed 0 duplicate predictions; could not remove 1: #\d+ \(.+\)$/,
    );
  });
});

describe('DELETE /api/predictions/{id}/ on the test server', () => {
  it('needs a token, answers 204 then 404', async () => {
    const task = s.state.projects.get(7)!.tasks[0]!.id;
    const p = s.state.addPrediction(task, { model_version: 'x', result: [] });
    const url = `${s.url}/api/predictions/${p.id}/`;
    const auth = { Authorization: `Token ${s.state.legacyToken}` };
    expect((await fetch(url, { method: 'DELETE' })).status).toBe(401);
    expect((await fetch(url, { method: 'DELETE', headers: auth })).status).toBe(204);
    expect(s.state.predictions.some((q) => q.id === p.id)).toBe(false);
    expect((await fetch(url, { method: 'DELETE', headers: auth })).status).toBe(404);
    await expect(client.deletePrediction(p.id)).resolves.toBeUndefined();
  });
});
