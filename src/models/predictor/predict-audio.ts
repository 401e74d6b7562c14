// One task through an audio model: the task's audio file (streamed) → the
// family's candidates → Label Studio results (core/results/audio-regions):
// VAD segments as <Labels> regions; a recogniser's texts as a per-region
// <TextArea> on the segments a region model (the VAD) found, or one
// <TextArea> for the whole file; sound classes as <Choices>.
import { predictionScore, type NearMiss } from '../../core/active/prediction-score';
import type { LabelingConfig } from '../../core/config/types';
import { parseMappingSpec, type LabelMapping } from '../../core/mapping/auto-map';
import {
  audioControlsOf,
  AudioTargetError,
  type AudioControl,
} from '../../core/mapping/audio-targets';
import { classesToResults } from '../../core/mapping/classes-to-results';
import {
  audioRegionResults,
  audioTranscriptResult,
  type AudioRegion,
} from '../../core/results/audio-regions';
import { createIdGenerator } from '../../core/results/ids';
import { makePrediction } from '../../core/results/prediction';
import type { LsResult } from '../../core/results/types';
import { validatePrediction } from '../../core/validate';
import type { AudioStream, PackagePredictor, RegionCandidate, ScoreCandidate } from '../types';
import type { OpenedPackageModel } from './open-package';
import type { TextTaskOutcome } from './predict-text';
import type { TaskRef } from './settings';

/** Where an audio model's output goes, and how it runs. */
export type AudioTarget =
  | {
      /** Regions (the model's own, or a region model's with this model's texts) → <Labels>. */
      mode: 'regions';
      labels: AudioControl;
      mapping: LabelMapping;
      regionText?: AudioControl;
      /** The audio object's data key. */
      dataKey?: string;
      toName: string;
    }
  | { mode: 'whole'; fileText: AudioControl; dataKey?: string; toName: string }
  | {
      mode: 'choices';
      choices: AudioControl & { multiple: boolean };
      mapping: LabelMapping;
      dataKey?: string;
      toName: string;
    };

/**
 * The target of an audio model in a config. A model that reads regions (a
 * recogniser) fills a per-region <TextArea> beside a <Labels> when the config
 * has both (it then needs a region model, the VAD), else a whole-file one.
 */
export function audioTargetOf(
  model: OpenedPackageModel,
  config: LabelingConfig,
  options: { toName?: string; map?: string } = {},
): AudioTarget {
  if (model.family.modality !== 'audio') {
    throw new Error(`${model.id} reads ${model.family.modality}, not audio`);
  }
  const controls = audioControlsOf(config, model.predictor.classNames, options);
  const overrides = options.map ? parseMappingSpec(options.map) : {};
  const common = {
    toName: controls.object.name,
    ...(controls.object.dataKey ? { dataKey: controls.object.dataKey } : {}),
  };
  if (model.resultKind === 'choices') {
    if (!controls.choices) {
      throw new AudioTargetError(`the labeling config has no <Choices> on "${common.toName}"`);
    }
    const { mapping, ...choices } = controls.choices;
    return { mode: 'choices', choices, mapping: { ...mapping, ...overrides }, ...common };
  }
  const { labels, regionText, fileText } = controls;
  if (model.family.readsRegions) {
    if (labels && regionText) {
      const { mapping, ...identity } = labels;
      const target = { labels: identity, mapping: { ...mapping, ...overrides }, regionText };
      return { mode: 'regions', ...target, ...common };
    }
    if (fileText) return { mode: 'whole', fileText, ...common };
    throw new AudioTargetError(
      `the labeling config has no <TextArea> on "${common.toName}" (perRegion="true" beside a <Labels> for a text per speech segment, or one for the whole file)`,
    );
  }
  if (!labels) {
    throw new AudioTargetError(`the labeling config has no <Labels> on "${common.toName}"`);
  }
  const { mapping, ...identity } = labels;
  return { mode: 'regions', labels: identity, mapping: { ...mapping, ...overrides }, ...common };
}

/**
 * The threshold an audio run uses and its model_version hashes: the number
 * given, else the default it means (regions 0, choices 0.5); a whole-file
 * transcript uses none. The CLI and the app hash this same value, so a run
 * without --conf and the app's run at the default share a model_version.
 */
export function audioThreshold(
  mode: AudioTarget['mode'],
  conf: number | undefined,
): number | undefined {
  return mode === 'whole' ? undefined : (conf ?? AUDIO_DEFAULT_THRESHOLD[mode]);
}

/** Regions: the minimum region score; choices: the multiple-choice threshold. */
export const AUDIO_DEFAULT_THRESHOLD = { regions: 0, choices: 0.5 } as const;

export interface AudioRunSettings {
  config: LabelingConfig;
  target: AudioTarget;
  modelVersion: string;
  /** Regions: the minimum region score (default 0). Choices: the multiple-choice threshold (0.5). */
  threshold?: number;
  /** Finds the regions a region-reading model works on (the VAD), for per-region targets. */
  regionModel?: OpenedPackageModel;
}

function regionsToResults(
  candidates: readonly RegionCandidate[],
  classNames: readonly string[],
  target: Extract<AudioTarget, { mode: 'regions' }>,
  threshold: number,
) {
  const regions: AudioRegion[] = [];
  const unmapped: Record<string, number> = {};
  let nearMiss: NearMiss | undefined;
  for (const c of candidates) {
    const cls = classNames[c.classIndex] ?? `class ${c.classIndex}`;
    if (c.score < threshold) {
      const closer = !nearMiss || c.score / threshold > nearMiss.score / nearMiss.threshold;
      if (target.mapping[cls] && closer) nearMiss = { score: c.score, threshold };
      continue;
    }
    const label = target.mapping[cls];
    if (!label) {
      unmapped[cls] = (unmapped[cls] ?? 0) + 1;
      continue;
    }
    regions.push({
      start: c.start,
      end: c.end,
      label,
      score: c.score,
      ...(c.text !== undefined ? { text: c.text } : {}),
      ...(c.textScore !== undefined ? { textScore: c.textScore } : {}),
    });
  }
  const results = audioRegionResults(
    regions,
    { labels: target.labels, ...(target.regionText ? { regionText: target.regionText } : {}) },
    createIdGenerator('audio'),
  );
  const scores = regions.map((r) => r.score ?? 0);
  const score = scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : undefined;
  return {
    results,
    unmapped,
    ...(score !== undefined ? { score } : {}),
    ...(nearMiss ? { nearMiss } : {}),
  };
}

/** One task's prediction from its audio, validated against the config. */
export async function predictAudioTask(
  model: OpenedPackageModel,
  task: TaskRef,
  audio: AudioStream,
  settings: AudioRunSettings,
): Promise<TextTaskOutcome> {
  const { target } = settings;
  let results: LsResult[] = [];
  let score: number | undefined;
  let nearMiss: NearMiss | undefined;
  let unmapped: Record<string, number> = {};
  let raw: unknown;
  if (target.mode === 'choices') {
    const predictor = model.predictor as PackagePredictor<AudioStream, ScoreCandidate>;
    const out = await predictor.predict(audio);
    raw = out.raw;
    const mapped = classesToResults(
      out.candidates,
      predictor.classNames,
      target.mapping,
      { ...target.choices },
      createIdGenerator('audio'),
      { threshold: settings.threshold ?? AUDIO_DEFAULT_THRESHOLD.choices },
    );
    ({ results, unmapped, nearMiss } = mapped);
    score = mapped.score;
  } else {
    let input = audio;
    if (target.mode === 'regions' && model.family.readsRegions) {
      const finder = settings.regionModel;
      if (!finder)
        throw new Error(`${model.id} needs a region model (the VAD) for per-region text`);
      const found = finder.predictor as PackagePredictor<AudioStream, RegionCandidate>;
      input = { ...audio, regions: (await found.predict(audio)).candidates };
    }
    const predictor = model.predictor as PackagePredictor<AudioStream, RegionCandidate>;
    const out = await predictor.predict(input);
    raw = out.raw;
    if (target.mode === 'whole') {
      const text = out.candidates
        .map((c) => c.text ?? '')
        .join(' ')
        .trim();
      const textScore = out.candidates[0]?.textScore;
      if (text) {
        results = [
          audioTranscriptResult(target.fileText, createIdGenerator('audio')(), text, textScore),
        ];
        score = textScore;
      }
    } else {
      const mapped = regionsToResults(
        out.candidates,
        predictor.classNames,
        target,
        settings.threshold ?? AUDIO_DEFAULT_THRESHOLD.regions,
      );
      ({ results, unmapped, nearMiss } = mapped);
      score = mapped.score;
    }
  }
  // The one task score (lower = label sooner): a file with no region or
  // answer is scored by its near miss, 1 when nothing came close.
  const taskScore = predictionScore({
    shown: score !== undefined ? [score] : [],
    ...(nearMiss ? { nearMiss } : {}),
  });
  const prediction = makePrediction(results, settings.modelVersion, taskScore);
  const issues = validatePrediction(prediction, settings.config, { taskData: task.data });
  return { prediction, issues, unmapped, raw };
}
