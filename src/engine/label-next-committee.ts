// "Label next" by committee disagreement in the worker. Text tasks:
// bootstrapped heads of the text learner (`committeeFromTasks`, as `prelabel
// rank --strategy committee`); image tasks (`<Choices>` on an `<Image>`):
// bootstrapped dense heads on the Online learning backbone's pooled features
// (`imageCommitteeFromTasks`, the image learner's cached features). Both learn
// from the annotated tasks the online learner takes; every unlabelled task
// then gets their probabilities. Tasks they learnt from are left out. The
// last committee is kept (LabelNextCommittees) and trained again only when
// what it learnt from changes.
import { examplesFromTasks } from '../core/annotations';
import { learnsImages } from '../core/annotations/learns-images';
import { readDataPath } from '../core/config';
import { COMMITTEE_SIZES } from '../core/active/label-next';
import { RankInputError } from '../core/active/rank';
import type { LabelingConfig } from '../core/config/types';
import type { LsTask } from '../core/tasks/types';
import {
  committeeFromTasks,
  imageCommitteeFromTasks,
  type ImageFeaturesOf,
  type ImageTaskCommittee,
  type TaskCommittee,
} from '../learn';
import { TextHasher } from './journal/fingerprint';

/** Members, as the CLI's `--committee` default. */
export const COMMITTEE_SIZE = COMMITTEE_SIZES.default;

export const COMMITTEE_REFUSAL =
  'committee needs annotated tasks (<Choices> on a <Text> or an <Image>, at least 2 annotations): annotate some tasks and train in Online learning first';

export const COMMITTEE_NEEDS_BACKBONE =
  "committee on image tasks learns on a backbone's pooled features: drop an ImageNet-style classifier ONNX (e.g. MobileNetV2) in Online learning first";

/** A trained committee, asked about the engine's tasks by index. */
export interface LabelNextCommittee {
  /** Ids of the tasks it learnt from (already labelled: not ranked). */
  annotated: Set<string>;
  learnt: number;
  members: number;
  /** Each task's members × labels probabilities (undefined: no text or image to ask about). */
  probabilities(indices: readonly number[]): Promise<(number[][] | undefined)[]>;
}

/** What the engine gives the committee: the annotations, its tasks, their texts or images. */
export interface CommitteeHost {
  /** The tasks Online learning learns from (a loaded project's read again). */
  annotatedTasks(): Promise<{ config: LabelingConfig; tasks: readonly LsTask[] }>;
  /** The engine's tasks (the ones ranked). */
  tasks(): readonly LsTask[];
  /** A text task's shown text; absent when the engine's tasks are not text (no text committee). */
  textOf?(index: number): string | undefined;
  /** The Online learning backbone's features (cached there); null without a backbone. */
  /** Async: the backbone kept across reloads may be restored first. */
  imageFeatures():
    | Promise<{ sha256: string; of: ImageFeaturesOf } | null>
    | { sha256: string; of: ImageFeaturesOf }
    | null;
}

export interface CommitteeOptions {
  size?: number;
  seed?: number;
}

/** The text committee; throws RankInputError with why when there is nothing to learn from. */
export function trainLabelNextCommittee(
  config: LabelingConfig,
  tasks: readonly LsTask[],
  options: CommitteeOptions = {},
): TaskCommittee {
  const committee = committeeFromTasks(config, tasks, {
    size: options.size ?? COMMITTEE_SIZE,
    seed: options.seed ?? 0,
  });
  if ('refused' in committee) throw new RankInputError(`${COMMITTEE_REFUSAL} (${committee.cause})`);
  return committee;
}

/** The image committee on `featuresOf`; throws RankInputError with why when it cannot learn. */
export async function trainImageLabelNextCommittee(
  config: LabelingConfig,
  tasks: readonly LsTask[],
  featuresOf: ImageFeaturesOf,
  options: CommitteeOptions = {},
): Promise<ImageTaskCommittee> {
  const committee = await imageCommitteeFromTasks(config, tasks, featuresOf, {
    size: options.size ?? COMMITTEE_SIZE,
    seed: options.seed ?? 0,
  });
  if ('refused' in committee) throw new RankInputError(`${COMMITTEE_REFUSAL} (${committee.cause})`);
  return committee;
}

/**
 * Asks about each task's value at the committee's data key, the text it
 * learnt from (a <HyperText>'s markup included), as `prelabel rank` does; not
 * the page text a preview shows, which would be other words than it learnt.
 */
function askText(committee: TaskCommittee, tasks: readonly LsTask[]) {
  return async (indices: readonly number[]) =>
    indices.map((index) => {
      const data = tasks[index]?.data;
      const text = data ? readDataPath(data, committee.dataKey) : undefined;
      return typeof text === 'string' ? committee.of(text) : undefined;
    });
}

function askImages(
  committee: ImageTaskCommittee,
  tasks: readonly LsTask[],
  featuresOf: ImageFeaturesOf,
) {
  return async (indices: readonly number[]) => {
    const references = indices.map((index) => {
      const data = tasks[index]?.data;
      const reference = data ? readDataPath(data, committee.dataKey) : undefined;
      return typeof reference === 'string' ? reference : '';
    });
    const asked = references.flatMap((r, k) => (r === '' ? [] : [k]));
    const vectors = await featuresOf(asked.map((k) => references[k] as string));
    const out: (number[][] | undefined)[] = indices.map(() => undefined);
    asked.forEach((k, j) => {
      const v = vectors[j];
      // An unreadable image is asked nothing: it is ranked after the others.
      if (v !== undefined && !(v instanceof Error)) out[k] = committee.of(v);
    });
    return out;
  };
}

/** How committees are trained (a test counts the trainings through its own). */
export interface CommitteeTrainers {
  text: typeof trainLabelNextCommittee;
  image: typeof trainImageLabelNextCommittee;
}

const TRAINERS: CommitteeTrainers = {
  text: trainLabelNextCommittee,
  image: trainImageLabelNextCommittee,
};

/**
 * What a committee learnt from: the learnt control, each example's task,
 * annotation (id, updated_at), labels and text or image reference, the size,
 * the seed and the backbone. A 64-bit hash: no big string for 100k tasks.
 */
function committeeKey(
  config: LabelingConfig,
  tasks: readonly LsTask[],
  options: { size: number; seed: number; backbone?: string },
): string {
  const images = options.backbone !== undefined;
  const { source, examples } = examplesFromTasks(
    config,
    tasks,
    images ? { objectTags: ['Image'] } : {},
  );
  const hasher = new TextHasher().update(
    JSON.stringify([options.size, options.seed, options.backbone ?? null, source]),
  );
  for (const e of examples) {
    const about = [e.taskId ?? null, e.annotationId ?? null, e.updatedAt ?? null, e.labels];
    hasher.update(`\u0001${JSON.stringify(about)}\u0002`).update(e.text);
  }
  return hasher.digest();
}

/**
 * Trains the committee the engine's tasks call for (on image tasks with a
 * backbone, dense heads on its features; on text tasks, text heads) and
 * keeps the last one: a Rank with the same annotations, size, seed and
 * backbone reuses it. Throws RankInputError saying what is missing.
 */
export class LabelNextCommittees {
  private last: { key: string; committee: TaskCommittee | ImageTaskCommittee } | null = null;

  constructor(private readonly trainers: CommitteeTrainers = TRAINERS) {}

  /** Forgets the kept committee (new tasks: their images may be other files). */
  clear(): void {
    this.last = null;
  }

  private async kept<T extends TaskCommittee | ImageTaskCommittee>(
    key: string,
    train: () => T | Promise<T>,
  ): Promise<T> {
    if (this.last?.key === key) return this.last.committee as T;
    const committee = await train();
    this.last = { key, committee };
    return committee;
  }

  async get(host: CommitteeHost, options: CommitteeOptions = {}): Promise<LabelNextCommittee> {
    const size = options.size ?? COMMITTEE_SIZE;
    const seed = options.seed ?? 0;
    if (!Number.isInteger(size) || size < COMMITTEE_SIZES.min || size > COMMITTEE_SIZES.max) {
      throw new RankInputError(
        `a committee has ${COMMITTEE_SIZES.min} to ${COMMITTEE_SIZES.max} members, not ${size}`,
      );
    }
    const { config, tasks } = await host.annotatedTasks();
    if (learnsImages(config)) {
      const features = await host.imageFeatures();
      if (!features) throw new RankInputError(COMMITTEE_NEEDS_BACKBONE);
      const key = committeeKey(config, tasks, { size, seed, backbone: features.sha256 });
      const committee = await this.kept(key, () =>
        this.trainers.image(config, tasks, features.of, { size, seed }),
      );
      const { annotated, learnt, members } = committee;
      return {
        annotated,
        learnt,
        members,
        probabilities: askImages(committee, host.tasks(), features.of),
      };
    }
    if (!host.textOf) throw new RankInputError(COMMITTEE_REFUSAL);
    const key = committeeKey(config, tasks, { size, seed });
    const committee = await this.kept(key, () => this.trainers.text(config, tasks, { size, seed }));
    const { annotated, learnt, members } = committee;
    return { annotated, learnt, members, probabilities: askText(committee, host.tasks()) };
  }
}

/** A committee trained afresh (nothing kept). */
export function labelNextCommittee(
  host: CommitteeHost,
  options: CommitteeOptions = {},
): Promise<LabelNextCommittee> {
  return new LabelNextCommittees().get(host, options);
}
