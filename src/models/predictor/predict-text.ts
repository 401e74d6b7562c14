// One task through a text model: the task's text (or <Paragraphs> dialogue,
// or a prompt template over its fields) → the family's candidates → Label
// Studio results by the core mapping (spans in code points, choices, a
// reply), checked against the config and the task's own text.
import { predictionScore, type NearMiss } from '../../core/active/prediction-score';
import type { LabelingConfig } from '../../core/config/types';
import { parseMappingSpec } from '../../core/mapping/auto-map';
import { classesToResults } from '../../core/mapping/classes-to-results';
import { spanSourceOf } from '../../core/mapping/span-source';
import { replyToResult, spansToResults } from '../../core/mapping/text-results';
import type { TextTarget } from '../../core/mapping/text-targets';
import { pickTextTarget, taskTextOf } from '../../core/mapping/text-targets';
import type { FinishedPrediction } from '../../core/predict';
import { createIdGenerator } from '../../core/results/ids';
import { makePrediction } from '../../core/results/prediction';
import type { LsResult } from '../../core/results/types';
import { validatePrediction } from '../../core/validate';
import { dialoguePrompt, fillTemplate } from '../shared/prompt';
import type { PackagePredictor, ReplyCandidate, ScoreCandidate, SpanCandidate } from '../types';
import type { OpenedPackageModel } from './open-package';
import type { TaskRef } from './settings';

export interface TextRunSettings {
  config: LabelingConfig;
  /** From textTargetOf: the control, its object and the class → label mapping. */
  target: TextTarget;
  modelVersion: string;
  /** Spans: the minimum score (default 0). Choices: a label's minimum for `choice="multiple"` (0.5). */
  threshold?: number;
  /** Replies: a prompt template over the task's fields (default: its text or dialogue). */
  prompt?: string;
}

export interface TextTaskOutcome extends FinishedPrediction {
  /** Class name → spans or classes dropped because the class maps to no label. */
  unmapped: Record<string, number>;
  /** The family's raw form (every span, every class probability, the generation). */
  raw: unknown;
}

/** Where a text model's output goes: the first fitting control, or the one on `toName`. */
export function textTargetOf(
  model: OpenedPackageModel,
  config: LabelingConfig,
  options: { toName?: string; map?: string } = {},
): TextTarget {
  if (model.family.modality !== 'text' || model.resultKind === 'regions') {
    throw new Error(`${model.id} reads ${model.family.modality}, not text`);
  }
  const target = pickTextTarget(config, model.resultKind, model.predictor.classNames, {
    ...(options.toName ? { toName: options.toName } : {}),
  });
  if (options.map) Object.assign(target.mapping, parseMappingSpec(options.map));
  return target;
}

function promptOf(target: TextTarget, data: Record<string, unknown>, template?: string): string {
  if (template !== undefined) return fillTemplate(template, data);
  const shown = taskTextOf(target.object, data);
  if (shown.kind === 'text') return shown.text;
  const attrs = target.object.attrs;
  return dialoguePrompt(shown.turns, {
    nameKey: attrs['namekey'] ?? 'author',
    textKey: attrs['textkey'] ?? 'text',
  });
}

/** The text the object shows (a dialogue as its turns, one per line). */
function shownText(target: TextTarget, data: Record<string, unknown>): string {
  const shown = taskTextOf(target.object, data);
  return shown.kind === 'text' ? shown.text : dialoguePrompt(shown.turns);
}

interface Mapped {
  results: LsResult[];
  score?: number;
  nearMiss?: NearMiss;
  unmapped: Record<string, number>;
  raw: unknown;
}

async function mapped(
  model: OpenedPackageModel,
  task: TaskRef,
  settings: TextRunSettings,
): Promise<Mapped> {
  const { target } = settings;
  const names = model.predictor.classNames;
  if (model.resultKind === 'textarea') {
    const nextId = createIdGenerator('text');
    const predictor = model.predictor as PackagePredictor<string, ReplyCandidate>;
    const { candidates, raw } = await predictor.predict(
      promptOf(target, task.data, settings.prompt),
    );
    const reply = candidates[0];
    const result = reply ? replyToResult(reply.text, target, nextId, reply.score) : null;
    return {
      results: result ? [result] : [],
      ...(reply ? { score: reply.score } : {}),
      unmapped: {},
      raw,
    };
  }
  if (model.resultKind === 'span') {
    // <Text>: its text; <HyperText>: the page's text; <Paragraphs>: one utterance a line
    const source = spanSourceOf(target, task.data);
    const predictor = model.predictor as PackagePredictor<string, SpanCandidate>;
    const { candidates, raw } = await predictor.predict(source.text);
    const out = spansToResults(
      candidates,
      names,
      target.mapping,
      { ...target, place: source.place },
      createIdGenerator('span'),
      {
        threshold: settings.threshold ?? 0,
      },
    );
    return { ...out, raw };
  }
  const predictor = model.predictor as PackagePredictor<string, ScoreCandidate>;
  const { candidates, raw } = await predictor.predict(shownText(target, task.data));
  const out = classesToResults(
    candidates,
    names,
    target.mapping,
    target,
    createIdGenerator('text'),
    {
      threshold: settings.threshold ?? 0.5,
    },
  );
  return { ...out, raw };
}

/**
 * One task's prediction, validated against the config and the task's text.
 * Throws naming the cause when the task has no text the target reads.
 */
export async function predictTextTask(
  model: OpenedPackageModel,
  task: TaskRef,
  settings: TextRunSettings,
): Promise<TextTaskOutcome> {
  const out = await mapped(model, task, settings);
  // The one task score (lower = label sooner): a text with no span or choice
  // is scored by its near miss, 1 when nothing came close.
  const score = predictionScore({
    shown: out.score !== undefined ? [out.score] : [],
    ...(out.nearMiss ? { nearMiss: out.nearMiss } : {}),
  });
  const prediction = makePrediction(out.results, settings.modelVersion, score);
  const issues = validatePrediction(prediction, settings.config, { taskData: task.data });
  return { prediction, issues, unmapped: out.unmapped, raw: out.raw };
}
