// The built-in text classifier behind the protocol: no model, trained in the
// worker from the annotations Label Studio sends, predicting Choices with the
// chosen label's probability as the score.
import { afterEach, describe, expect, it } from 'vitest';
import { builtinTextLearner } from './learner-adapter';
import {
  annotationEvent,
  exportedTask,
  predictBody,
  setupBody,
  simpleTask,
  trainBody,
} from './protocol-fixtures';
import { startHarness, type Harness } from './test-support/harness';

let serve: Harness | undefined;
afterEach(async () => {
  await serve?.close();
  serve = undefined;
});

const positive = ['what a lovely day', 'great service and lovely staff', 'I love it, great value'];
const negative = ['awful food, terrible service', 'terrible and rude', 'awful, I hate it'];

type Choice = { from_name: string; to_name: string; type: string; value: { choices: string[] } };

describe('the built-in text classifier', () => {
  it('learns from /train and webhooks and predicts Choices with the label probability', async () => {
    serve = await startHarness({ learner: builtinTextLearner });
    expect((await serve.get('/health')).body.model_class).toBe(
      'Prelabel(prelabel-text+prelabel-audio)',
    );
    expect((await serve.post('/setup', setupBody('', ''))).body).toEqual({
      model_version: 'prelabel-text.v0',
    });
    let id = 0;
    const tasks = [
      ...positive.map((t) => exportedTask(++id, t, 'Positive')),
      ...negative.map((t) => exportedTask(++id, t, 'Negative')),
    ];
    const train = await serve.post('/train', trainBody(tasks));
    expect(train.status).toBe(201);
    await serve.backend.jobs.idle();
    const status = await serve.post('/job_status', { job: train.body.job });
    expect(status.body).toMatchObject({
      job_status: 'finished',
      result: { model_version: 'prelabel-text.v1-6ann', examples: 6 },
    });

    const reply = await serve.post(
      '/predict',
      predictBody([
        simpleTask(20, { text: 'lovely, great' }),
        simpleTask(21, { text: 'terrible, awful' }),
      ]),
    );
    const [good, bad] = reply.body.results as {
      result: Choice[];
      score: number;
      model_version: string;
    }[];
    expect(good!.result).toEqual([
      expect.objectContaining({
        from_name: 'sentiment',
        to_name: 'text',
        type: 'choices',
        value: expect.objectContaining({ choices: ['Positive'] }),
      }),
    ]);
    expect(bad!.result[0]!.value.choices).toEqual(['Negative']);
    for (const r of [good!, bad!]) {
      expect(r.score).toBeGreaterThan(0.5);
      expect(r.score).toBeLessThanOrEqual(1);
      expect(r.model_version).toBe('prelabel-text.v1-6ann');
    }

    // One more annotation by webhook: a new version, kept with its quality estimate.
    await serve.post(
      '/webhook',
      annotationEvent('ANNOTATION_CREATED', 30, 'rude and awful staff', 'Negative'),
    );
    await serve.backend.jobs.idle();
    const versions = await serve.post('/versions', { project: 3 });
    expect(versions.body.current_version).toBe('prelabel-text.v2-7ann');
    const history = versions.body.history as { metrics?: { quality?: { method: string } } }[];
    expect(history[1]!.metrics?.quality?.method).toMatch(/k-fold|leave-one-out/);
  });
});
