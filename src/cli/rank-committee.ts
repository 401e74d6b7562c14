// `prelabel rank --strategy committee`: committee disagreement needs heads,
// which a predictions file does not hold, so the committee is trained here on
// the annotations of a Label Studio export, then asked about every task:
// bootstrapped heads of the text learner on texts, or, when the `<Choices>`
// labels an `<Image>`, bootstrapped dense heads on a backbone's pooled
// features (`--backbone`, the features `prelabel train --backbone` learns on;
// the app's Label next trains the same committee).
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { RankInput } from '../core/active';
import { learnsImages } from '../core/annotations/learns-images';
import { firstDataKey, parseLabelingConfig, readDataPath } from '../core/config';
import type { LabelingConfig } from '../core/config/types';
import { importTaskFile } from '../core/tasks';
import type { LsTask } from '../core/tasks/types';
import { committeeFromTasks, imageCommitteeFromTasks, type CommitteeRefusal } from '../learn';
import { openBackbone } from './backbone-features';
import { featuresOfReferences } from './rank-features';

export interface CommitteeOutcome {
  /** Annotated tasks the committee learnt from, and its size. */
  learnt: number;
  members: number;
  /** Ids of the tasks it learnt from (already labelled: not ranked). */
  annotated: Set<string>;
  problems: { task?: string; message: string }[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export interface CommitteeFiles {
  config: string;
  annotations: string;
  size: number;
  seed: number;
  /** Image tasks: the backbone whose pooled features the heads learn on. */
  backbone?: string;
  /** Image tasks: where each task's image is (default: the `<Image>`'s value). */
  dataKey?: string;
  /** The predictions file (image references are resolved next to it). */
  predictions?: string;
}

/** The config of `--config`, and whether its committee learns on images. */
export async function committeeConfig(
  path: string,
): Promise<{ config: LabelingConfig; images: boolean }> {
  const config = parseLabelingConfig(await readFile(path, 'utf8'));
  return { config, images: learnsImages(config) };
}

function refusal(committee: CommitteeRefusal, options: CommitteeFiles): Error {
  return new Error(
    committee.refused === 'no-control'
      ? `${basename(options.config)}: ${committee.cause}`
      : `${basename(options.annotations)}: ${committee.cause}; a committee needs at least 2`,
  );
}

/**
 * Sets each input's `committee` from its task's text, or its image's
 * features (which become its `features` too, for --clusters); tasks without
 * either are named.
 */
export async function addCommittee(
  inputs: RankInput[],
  items: readonly unknown[],
  options: CommitteeFiles,
): Promise<CommitteeOutcome> {
  const { config, images } = await committeeConfig(options.config);
  const imported = importTaskFile(
    basename(options.annotations),
    await readFile(options.annotations, 'utf8'),
    { dataKey: firstDataKey(config) },
  );
  if (images) return addImageCommittee(inputs, items, config, imported.tasks, options);
  const committee = committeeFromTasks(config, imported.tasks, {
    size: options.size,
    seed: options.seed,
  });
  if ('refused' in committee) throw refusal(committee, options);
  const problems: CommitteeOutcome['problems'] = [];
  const textOf = new Map<string, string>();
  items.forEach((item, index) => {
    if (!isObject(item) || !isObject(item.data)) return;
    const text = readDataPath(item.data, committee.dataKey);
    if (typeof text === 'string') textOf.set(String(item.id ?? index), text);
  });
  for (const input of inputs) {
    if (committee.annotated.has(String(input.id))) continue;
    const text = textOf.get(String(input.id));
    if (text === undefined) {
      problems.push({
        task: String(input.id),
        message: `no text in $${committee.dataKey} for the committee: ranked last`,
      });
      continue;
    }
    input.committee = committee.of(text);
  }
  const { learnt, members, annotated } = committee;
  return { learnt, members, annotated, problems };
}

async function addImageCommittee(
  inputs: RankInput[],
  items: readonly unknown[],
  config: LabelingConfig,
  annotated: readonly LsTask[],
  options: CommitteeFiles,
): Promise<CommitteeOutcome> {
  if (!options.backbone) {
    throw new Error(
      `${basename(options.config)}: the <Choices> labels an <Image>: a committee on images learns on a backbone's pooled features; give --backbone M.onnx (an ImageNet-style classifier, as for prelabel train)`,
    );
  }
  const backbone = await openBackbone(options.backbone);
  try {
    const committee = await imageCommitteeFromTasks(
      config,
      annotated,
      (references) => featuresOfReferences(backbone, references, dirname(options.annotations)),
      { size: options.size, seed: options.seed },
    );
    if ('refused' in committee) throw refusal(committee, options);
    const problems: CommitteeOutcome['problems'] = committee.problems.map((message) => ({
      message: `${basename(options.annotations)}: ${message}`,
    }));
    const dataKey = options.dataKey ?? committee.dataKey;
    const referenceOf = new Map<string, unknown>();
    items.forEach((item, index) => {
      if (!isObject(item) || !isObject(item.data)) return;
      referenceOf.set(String(item.id ?? index), readDataPath(item.data, dataKey));
    });
    const asked = inputs.filter((i) => !committee.annotated.has(String(i.id)));
    const vectors = await featuresOfReferences(
      backbone,
      asked.map((i) => referenceOf.get(String(i.id))),
      dirname(options.predictions ?? options.annotations),
    );
    asked.forEach((input, k) => {
      const v = vectors[k]!;
      if (v instanceof Error) {
        problems.push({
          task: String(input.id),
          message: `no image features for the committee (${v.message}): ranked last`,
        });
        return;
      }
      input.features = v;
      input.committee = committee.of(v);
    });
    const { learnt, members } = committee;
    return { learnt, members, annotated: committee.annotated, problems };
  } finally {
    await backbone.release();
  }
}
