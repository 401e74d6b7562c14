// The part the image and audio trainers share: each example's features from
// the cache the job brought, else extracted now (a task whose media fails is
// named in `problems` and left out), and the error of a job with nothing
// usable, naming the causes.
import { featureKey, type TrainExample, type TrainInput, type TrainOutput } from './trainer-types';

export interface GatheredFeatures {
  features: Float32Array[];
  labels: string[][];
  /** What the job adds to the cache. */
  output: Pick<TrainOutput, 'features' | 'problems'>;
  metrics: { cachedFeatures: number; extractedFeatures: number };
}

const named = (e: TrainExample) => (e.task ? `task ${e.task}` : 'a task');

/**
 * `extract` gets only the examples not cached (nothing when all are) and
 * answers one vector or Error per example, in order.
 */
export async function gatherFeatures(
  input: TrainInput,
  what: { medium: string; control: string },
  extract: (missing: TrainExample[]) => Promise<(Float32Array | Error)[]>,
): Promise<GatheredFeatures> {
  const keyOf = (e: TrainExample) => featureKey(e.task ?? '', e.text);
  const known = input.cached ?? {};
  const missing = input.examples.filter((e) => !known[keyOf(e)]);
  const fresh: Record<string, Float32Array> = {};
  const problems: string[] = [];
  const extracted = missing.length > 0 ? await extract(missing) : [];
  extracted.forEach((f, k) => {
    const example = missing[k]!;
    if (f instanceof Error) problems.push(`${named(example)}: ${f.message}; not learnt from`);
    else fresh[keyOf(example)] = f;
  });
  const features: Float32Array[] = [];
  const labels: string[][] = [];
  for (const e of input.examples) {
    const f = known[keyOf(e)] ?? fresh[keyOf(e)];
    if (!f) continue;
    features.push(f);
    labels.push(e.labels);
  }
  if (features.length === 0) {
    const shown = problems.slice(0, 5).join('; ');
    throw new Error(
      `no usable annotated ${what.medium} for <Choices name="${what.control}"> (${problems.length} of ${input.examples.length} could not be read): ${shown}${problems.length > 5 ? '; …' : ''}`,
    );
  }
  return {
    features,
    labels,
    output: { features: fresh, problems },
    metrics: {
      cachedFeatures: input.examples.length - missing.length,
      extractedFeatures: Object.keys(fresh).length,
    },
  };
}

export const seedOf = (input: TrainInput) =>
  typeof input.options?.seed === 'number' ? input.options.seed : 0;
