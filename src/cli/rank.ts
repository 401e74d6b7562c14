// `prelabel rank`: the order to label tasks in, from a predictions file.
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { rankTasks, type RankedTask } from '../core/active';
import { rankInputsFromPredictions } from '../core/active/rank-inputs';
import type { RankArgs } from './rank-args';

export interface RankOutcome {
  ranked: RankedTask[];
  problems: { item: number; message: string }[];
  unscored: number;
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

/**
 * Label Studio sorts by prediction score, lowest first: for an order that is
 * not the score's own (random), each task's score becomes its rank / (n + 1).
 */
function rescored(items: unknown[], ranked: RankedTask[], args: RankArgs): unknown[] {
  if (args.strategy === 'score') return items;
  const scoreOf = new Map(ranked.map((r) => [String(r.id), r.rank / (ranked.length + 1)]));
  return items.map((item, index) => {
    const o = item as Record<string, unknown>;
    if ('task' in o && 'result' in o) {
      const s = scoreOf.get(String(o.task));
      return s === undefined ? o : { ...o, score: s };
    }
    const s = scoreOf.get(String(o.id ?? index));
    const predictions = Array.isArray(o.predictions) ? o.predictions : [];
    if (s === undefined || predictions.length === 0) return o;
    const last = predictions.length - 1;
    return {
      ...o,
      predictions: predictions.map((p, i) => (i === last ? { ...(p as object), score: s } : p)),
    };
  });
}

export async function rank(args: RankArgs): Promise<RankOutcome> {
  const items = await readJsonList(args.predictions);
  const { inputs, problems } = rankInputsFromPredictions(items, args.modelVersion);
  const ranked = rankTasks(inputs, {
    strategy: args.strategy,
    seed: args.seed,
    ...(args.k !== undefined ? { k: args.k } : {}),
  });
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
    const all = rankTasks(inputs, { strategy: args.strategy, seed: args.seed });
    await writeFile(args.rescore, `${JSON.stringify(rescored(items, all, args))}\n`);
  }
  return { ranked, problems, unscored: inputs.filter((i) => i.score === undefined).length };
}
