// Bench-only: the watch loop's retrain as the worker's Learner does it, timed
// the same way in Node (bench/run.ts) and in the engine worker of a bench
// build (benchEngineApi): `count` annotated texts trained once (the previous
// version: it fills the TextFeatureCache), then one more annotation: the time
// until the new version is usable (head trained: warm start, cached counts)
// and until its quality estimate is filled in. Runtime-neutral (no DOM, no Node).
import { parseLabelingConfig } from '../../core/config';
import type { LsTask } from '../../core/tasks/types';
import type { QualityOptions } from '../../learn/quality';
import { Learner } from '../learn/learner';
import { MemoryVersionStore } from '../learn/version-store';

export interface RetrainTimings {
  count: number;
  /** The first version on `count` texts (cold): head, then its estimate. */
  first: { headMs: number; qualityMs: number };
  /** One annotation more: until the version is usable (head trained and stored). */
  headMs: number;
  /** From the retrain's start until its quality estimate is filled in. */
  qualityMs: number;
  iterations: number;
  /** L-BFGS iterations of the first (cold) version. */
  firstIterations: number;
  /** FNV-1a of the two heads' weights (base64): the same runs give the same heads. */
  digests: [string, string];
  quality: { method: string; folds: number; examples: number; accuracy: number | null };
}

function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** The labels' `<Choices>` on a `<Text>` (what the watch reads from Label Studio). */
function configFor(labels: readonly string[]): string {
  const choices = labels.map((l) => `<Choice value="${l}"/>`).join('');
  return `<View><Text name="text" value="$text"/><Choices name="label" toName="text">${choices}</Choices></View>`;
}

function tasksOf(texts: readonly { text: string; labels: string[] }[]): LsTask[] {
  return texts.map((t, i) => ({
    id: i + 1,
    data: { text: t.text },
    annotations: [
      {
        id: 100_000 + i,
        result: [
          {
            from_name: 'label',
            to_name: 'text',
            type: 'choices',
            value: { choices: t.labels },
          },
        ],
        updated_at: '2026-12-07T10:00:00Z',
      },
    ],
  }));
}

/** `texts` holds count + 1 annotated texts; the first 500 also warm the code up. */
export async function retrainTimings(
  texts: readonly { text: string; labels: string[] }[],
  labels: readonly string[],
  /** The learner's estimate settings (default: the app's). */
  estimate?: QualityOptions,
): Promise<RetrainTimings> {
  const count = texts.length - 1;
  const config = parseLabelingConfig(configFor(labels));
  const tasks = tasksOf(texts);
  // Warm-up (a retraining worker is warm), on its own learner.
  const warm = new Learner(new MemoryVersionStore());
  await warm.train('warm', { config, tasks: tasks.slice(0, 500) });
  await warm.quality('warm', 1);

  const learner = new Learner(new MemoryVersionStore(), estimate ? { quality: estimate } : {});
  let start = performance.now();
  await learner.train('bench', { config, tasks: tasks.slice(0, count) });
  const firstHeadMs = performance.now() - start;
  await learner.quality('bench', 1);
  const first = { headMs: firstHeadMs, qualityMs: performance.now() - start };

  start = performance.now();
  const { version } = await learner.train('bench', { config, tasks });
  const headMs = performance.now() - start;
  const quality = await learner.quality('bench', version.id);
  const qualityMs = performance.now() - start;
  const head = learner.headOf(await learner.version('bench', version.id));
  const firstHead = learner.headOf(await learner.version('bench', 1));
  return {
    count,
    first,
    headMs,
    qualityMs,
    iterations: head.training.iterations,
    firstIterations: firstHead.training.iterations,
    digests: [fnv1a(firstHead.model.params), fnv1a(head.model.params)],
    quality: {
      method: quality.method,
      folds: quality.folds,
      examples: quality.examples,
      accuracy: quality.accuracy,
    },
  };
}
