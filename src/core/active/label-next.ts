// The app's "Label next" list: the predicted tasks in the order to label them
// (rankTasks on each prediction's task score, or random as the control), the
// next K with why, and a histogram of the scores. Computed in the worker,
// from what the prediction store holds; the page only shows it.
import { rankTasks, type RankInput } from './rank';

export type LabelNextStrategy = 'score' | 'random';

export const LABEL_NEXT_STRATEGIES: readonly LabelNextStrategy[] = ['score', 'random'];

/** One predicted task as the worker knows it. */
export interface NextCandidate {
  /** Position in the task list. */
  index: number;
  /** The task's own id (a Label Studio task id when the tasks came from a project). */
  taskId?: string | number;
  name: string;
  score?: number;
  cluster?: number;
}

export interface NextTask {
  /** 1-based: label rank 1 first. */
  rank: number;
  index: number;
  taskId?: string | number;
  name: string;
  /** The prediction's task score (null: none). */
  score: number | null;
  cluster?: number;
  reason: string;
}

export interface LabelNextList {
  strategy: LabelNextStrategy;
  /** The next `k` tasks (fewer when fewer are predicted). */
  tasks: NextTask[];
  /** Predicted tasks per score bin: [0, 0.1), [0.1, 0.2), … [0.9, 1]. */
  histogram: number[];
  /** Predicted tasks, and those among them without a score. */
  predicted: number;
  unscored: number;
}

export interface LabelNextOptions {
  strategy: LabelNextStrategy;
  k: number;
  seed?: number;
}

export const HISTOGRAM_BINS = 10;

/** Counts of scores per equal-width bin of [0, 1] (1 falls in the last bin). */
export function scoreHistogram(scores: readonly number[], bins = HISTOGRAM_BINS): number[] {
  const counts = new Array<number>(bins).fill(0);
  for (const s of scores) {
    if (!Number.isFinite(s)) continue;
    const bin = Math.min(bins - 1, Math.max(0, Math.floor(s * bins)));
    counts[bin]! += 1;
  }
  return counts;
}

export function labelNext(
  candidates: readonly NextCandidate[],
  options: LabelNextOptions,
): LabelNextList {
  const inputs: RankInput[] = candidates.map((c, i) => ({
    id: i,
    ...(c.score !== undefined && Number.isFinite(c.score) ? { score: c.score } : {}),
    ...(c.cluster !== undefined ? { cluster: c.cluster } : {}),
  }));
  const ranked = rankTasks(inputs, {
    strategy: options.strategy,
    k: Math.max(0, Math.floor(options.k)),
    seed: options.seed ?? 0,
  });
  const tasks = ranked.map((r): NextTask => {
    const c = candidates[r.id as number]!;
    return {
      rank: r.rank,
      index: c.index,
      ...(c.taskId !== undefined ? { taskId: c.taskId } : {}),
      name: c.name,
      score: inputs[r.id as number]!.score ?? null,
      ...(c.cluster !== undefined ? { cluster: c.cluster } : {}),
      reason: r.reason,
    };
  });
  const scores = inputs.flatMap((i) => (i.score === undefined ? [] : [i.score]));
  return {
    strategy: options.strategy,
    tasks,
    histogram: scoreHistogram(scores),
    predicted: candidates.length,
    unscored: candidates.length - scores.length,
  };
}

/** The list as a JSON file: the shape `prelabel rank --out` writes, plus names and scores. */
export function labelNextJson(list: LabelNextList): string {
  return `${JSON.stringify(
    {
      strategy: list.strategy,
      meaning: 'rank 1 = label first; score 0..1, lower = less certain',
      tasks: list.tasks.map((t) => ({
        rank: t.rank,
        task: t.taskId ?? t.index,
        name: t.name,
        score: t.score,
        ...(t.cluster !== undefined ? { cluster: t.cluster } : {}),
        reason: t.reason,
      })),
    },
    null,
    1,
  )}\n`;
}

/** A task in the connected Label Studio project's Data Manager. */
export function labelStudioTaskUrl(
  server: string,
  projectId: number,
  taskId: string | number,
): string {
  return new URL(
    `projects/${projectId}/data?task=${encodeURIComponent(String(taskId))}`,
    server.endsWith('/') ? server : `${server}/`,
  ).href;
}
