// `prelabel rank`: the order to label tasks in, from a predictions file.
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { assignClusters, rankTasks, type RankInput, type RankedTask } from '../core/active';
import { nearestCentre } from '../core/active/diversity';
import { rankInputsFromPredictions } from '../core/active/rank-inputs';
import { BATCH_STRATEGIES, type RankArgs } from './rank-args';
import { addCommittee, committeeConfig } from './rank-committee';
import { featuresFromBackbone, featuresFromFile, type TaskFeatures } from './rank-features';

export interface RankOutcome {
  ranked: RankedTask[];
  problems: { item: number; message: string }[];
  /** Tasks left without a feature vector (batch strategies leave them out; no cluster). */
  featureProblems: { task?: string; message: string }[];
  unscored: number;
  /** What the committee learnt from (--strategy committee). */
  committeeNote?: string;
}

async function readJsonList(path: string): Promise<unknown[]> {
  const text = await readFile(path, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${basename(path)} is not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (!Array.isArray(parsed)) {
    throw new Error(`${basename(path)}: expected a JSON list of tasks or predictions`);
  }
  return parsed;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Tasks with their data (tasks files only: a predictions-only file has no images). */
function imageTasks(items: readonly unknown[]) {
  return items.flatMap((item, index) =>
    isObject(item) && isObject(item.data)
      ? [{ id: String(item.id ?? index), data: item.data }]
      : [],
  );
}

async function taskFeatures(args: RankArgs, items: readonly unknown[]): Promise<TaskFeatures> {
  if (args.features) return featuresFromFile(args.features);
  const tasks = imageTasks(items);
  if (tasks.length === 0) {
    throw new Error(
      `${basename(args.predictions)} holds no task data to read images from: --backbone needs a tasks file ([{id, data, predictions}]); use --features instead`,
    );
  }
  return featuresFromBackbone(args.backbone as string, tasks, args.predictions, args.dataKey);
}

/**
 * Each task's cluster: with --clusters K, its k-means++ cluster of the
 * features; for a diversity or cluster-margin batch, the pick it lies nearest
 * (the picks are spread out, so they make natural centres).
 */
function clusterIds(
  inputs: readonly RankInput[],
  args: RankArgs,
  picks: readonly RankedTask[] | undefined,
): Map<string, number> {
  const withFeatures = inputs.filter((i) => i.features !== undefined);
  const vectors = withFeatures.map((i) => i.features!);
  let ids: number[] = [];
  if (args.clusters !== undefined) {
    ids = assignClusters(vectors, { clusters: args.clusters, seed: args.seed });
  } else if (picks && picks.length > 0) {
    const byId = new Map(withFeatures.map((i) => [String(i.id), i.features!]));
    ids = nearestCentre(
      vectors,
      picks.map((p) => byId.get(String(p.id))!),
    );
  }
  return new Map(ids.map((c, n) => [String(withFeatures[n]!.id), c]));
}

/** The prediction a task is ranked by: the given model_version's, else the last. */
function pickedIndex(predictions: readonly unknown[], modelVersion: string | undefined): number {
  if (modelVersion === undefined) return predictions.length - 1;
  return predictions.findLastIndex((p) => isObject(p) && p.model_version === modelVersion);
}

/**
 * The predictions file again, for Label Studio: each ranked prediction gets
 * its `cluster`, and, for an order that is not the score's own (random,
 * diversity), a score of rank / (n + 1), since Label Studio sorts by
 * prediction score, lowest first.
 */
function rewritten(
  items: unknown[],
  scoreOf: Map<string, number> | null,
  clusterOf: Map<string, number>,
  modelVersion: string | undefined,
): unknown[] {
  const update = (p: Record<string, unknown>, id: string) => {
    const score = scoreOf?.get(id);
    const cluster = clusterOf.get(id);
    return {
      ...p,
      ...(score !== undefined ? { score } : {}),
      ...(cluster !== undefined ? { cluster } : {}),
    };
  };
  return items.map((item, index) => {
    if (!isObject(item)) return item;
    if ('task' in item && 'result' in item) {
      if (modelVersion !== undefined && item.model_version !== modelVersion) return item;
      return update(item, String(item.task));
    }
    const predictions = Array.isArray(item.predictions) ? item.predictions : [];
    const at = pickedIndex(predictions, modelVersion);
    if (at < 0) return item;
    const id = String(item.id ?? index);
    return {
      ...item,
      predictions: predictions.map((p, i) => (i === at && isObject(p) ? update(p, id) : p)),
    };
  });
}

/** Every task in the order to label: a diversity or cluster-margin batch first, then the rest by score. */
function fullOrder(inputs: RankInput[], args: RankArgs, batch: RankedTask[]): RankedTask[] {
  if (!BATCH_STRATEGIES.includes(args.strategy)) {
    return rankTasks(inputs, { strategy: args.strategy, seed: args.seed });
  }
  const picked = new Set(batch.map((r) => String(r.id)));
  const rest = rankTasks(
    inputs.filter((i) => !picked.has(String(i.id))),
    { strategy: 'score' },
  );
  return [...batch, ...rest].map((r, i) => ({ ...r, rank: i + 1 }));
}

export async function rank(args: RankArgs): Promise<RankOutcome> {
  const items = await readJsonList(args.predictions);
  const { inputs, problems } = rankInputsFromPredictions(items, args.modelVersion);
  const featureProblems: RankOutcome['featureProblems'] = [];
  let rankedInputs = inputs;
  // A committee on images reads the backbone's features itself (and sets them for --clusters).
  const imageCommittee =
    args.strategy === 'committee' && (await committeeConfig(args.config!)).images;
  if (args.features || (args.backbone && !imageCommittee)) {
    const found = await taskFeatures(args, items);
    featureProblems.push(...found.problems);
    for (const input of inputs) {
      const f = found.byTask.get(String(input.id));
      if (f) input.features = f;
      else if (!found.problems.some((p) => p.task === String(input.id))) {
        featureProblems.push({ task: String(input.id), message: 'no feature vector' });
      }
    }
    // Batches measure distances: a task without a vector cannot take part.
    if (BATCH_STRATEGIES.includes(args.strategy)) rankedInputs = inputs.filter((i) => i.features);
  }
  let committeeNote: string | undefined;
  if (args.strategy === 'committee') {
    const c = await addCommittee(inputs, items, {
      config: args.config!,
      annotations: args.annotations!,
      size: args.committee ?? 5,
      seed: args.seed,
      predictions: args.predictions,
      ...(args.backbone ? { backbone: args.backbone } : {}),
      ...(args.dataKey ? { dataKey: args.dataKey } : {}),
    });
    featureProblems.push(...c.problems);
    // Tasks it learnt from are labelled already.
    rankedInputs = rankedInputs.filter((i) => !c.annotated.has(String(i.id)));
    const kind = imageCommittee ? 'dense heads on the backbone features' : 'heads';
    committeeNote = `committee of ${c.members} bootstrapped ${kind} learnt from ${c.learnt} annotated tasks`;
  }
  const ranked = rankTasks(rankedInputs, {
    strategy: args.strategy,
    seed: args.seed,
    ...(args.k !== undefined ? { k: args.k } : {}),
  });
  const clusters =
    args.features || args.backbone
      ? clusterIds(inputs, args, BATCH_STRATEGIES.includes(args.strategy) ? ranked : undefined)
      : new Map<string, number>();
  for (const r of ranked) {
    const c = clusters.get(String(r.id));
    if (c !== undefined) r.cluster = c;
  }
  const out = {
    strategy: args.strategy,
    meaning: 'rank 1 = label first; certainty 0..1, lower = less certain',
    tasks: ranked.map((r) => ({
      rank: r.rank,
      task: r.id,
      certainty: r.certainty,
      ...(r.cluster !== undefined ? { cluster: r.cluster } : {}),
      reason: r.reason,
    })),
  };
  await writeFile(args.out, `${JSON.stringify(out, null, 1)}\n`);
  if (args.rescore) {
    const all = fullOrder(rankedInputs, args, ranked);
    const scoreOf =
      args.strategy === 'score'
        ? null
        : new Map(all.map((r) => [String(r.id), r.rank / (all.length + 1)]));
    const written = rewritten(items, scoreOf, clusters, args.modelVersion);
    await writeFile(args.rescore, `${JSON.stringify(written)}\n`);
  }
  return {
    ranked,
    problems,
    featureProblems,
    unscored: inputs.filter((i) => i.score === undefined).length,
    ...(committeeNote ? { committeeNote } : {}),
  };
}
