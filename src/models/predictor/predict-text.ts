// One task through a text model: the task's text (or <Paragraphs> dialogue,
// or a prompt template over its fields) → the family's candidates → Label
// Studio results by the core mapping (spans in code points, choices, a
// reply), checked against the config and the task's own text.
import { predictionScore, type NearMiss } from '../../core/active/prediction-score';
import type { LabelingConfig } from '../../core/config/types';
import { parseMappingSpec } from '../../core/mapping/auto-map';
import { classesToResults } from '../../core/mapping/classes-to-results';
import { spanSourceOf, type SpanSource } from '../../core/mapping/span-source';
import { replyToResult, spansToResults } from '../../core/mapping/text-results';
import type { TextTarget } from '../../core/mapping/text-targets';
import { pickTextTarget, taskTextOf } from '../../core/mapping/text-targets';
import type { FinishedPrediction } from '../../core/predict';
import { createIdGenerator } from '../../core/results/ids';
import { makePrediction } from '../../core/results/prediction';
import type { LsResult } from '../../core/results/types';
import { validatePrediction } from '../../core/validate';
import { classCandidates } from '../shared/probabilities';
import type { GenerateOptions } from '../text-generation/generate';
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
  /** Replies: sampling, token limit and stop strings over those the model was opened with. */
  generation?: GenerateOptions;
}

export interface TextTaskOutcome extends FinishedPrediction {
  /** Class name → spans or classes dropped because the class maps to no label. */
  unmapped: Record<string, number>;
  /** The family's raw form (every span, every class probability, the generation). */
  raw: unknown;
}

/**
 * The threshold a text run uses when none is given: a label's minimum
 * probability for choices (0.5, as `choice="multiple"` decides), every span
 * or reply otherwise. The app's default and the CLI's, and what both hash
 * into model_version, so the same settings give the same version.
 */
export function defaultTextThreshold(kind: TextTarget['kind']): number {
  return kind === 'choices' ? 0.5 : 0;
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
    const opened = model.predictor as PackagePredictor<string, ReplyCandidate>;
    const predictor =
      settings.generation && opened.withOptions
        ? opened.withOptions({ generation: settings.generation })
        : opened;
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
    return { ...mapSpans(candidates, names, source.place, settings), raw };
  }
  const predictor = model.predictor as PackagePredictor<string, ScoreCandidate>;
  const { candidates, raw } = await predictor.predict(shownText(target, task.data));
  return { ...mapClasses(candidates, names, settings), raw };
}

function mapSpans(
  spans: readonly SpanCandidate[],
  names: readonly string[],
  place: SpanSource['place'],
  settings: TextRunSettings,
): Omit<Mapped, 'raw'> {
  const { target } = settings;
  return spansToResults(
    spans,
    names,
    target.mapping,
    { ...target, place },
    createIdGenerator('span'),
    {
      threshold: settings.threshold ?? defaultTextThreshold('span'),
    },
  );
}

function mapClasses(
  classes: readonly ScoreCandidate[],
  names: readonly string[],
  settings: TextRunSettings,
): Omit<Mapped, 'raw'> {
  const { target } = settings;
  return classesToResults(classes, names, target.mapping, target, createIdGenerator('text'), {
    threshold: settings.threshold ?? defaultTextThreshold('choices'),
  });
}

function finish(out: Mapped, task: TaskRef, settings: TextRunSettings): TextTaskOutcome {
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

/**
 * What a span or choices model's raw form (every span with its score, every
 * class's probability) keeps for re-deriving a task without the model; null
 * for replies (a generation has no threshold to change).
 */
export type TextRaw =
  { kind: 'span'; spans: SpanCandidate[] } | { kind: 'choices'; probabilities: number[] };

export function textRawOf(resultKind: string, raw: unknown): TextRaw | null {
  if (resultKind === 'span' && Array.isArray(raw)) {
    return { kind: 'span', spans: (raw as SpanCandidate[]).map((s) => ({ ...s })) };
  }
  if (resultKind === 'choices' && raw && typeof (raw as ArrayLike<number>).length === 'number') {
    return { kind: 'choices', probabilities: Array.from(raw as ArrayLike<number>) };
  }
  return null;
}

/**
 * A task's prediction from its kept raw form under new settings (threshold,
 * class → label mapping): the same mapping and checks as predictTextTask, no
 * model run.
 */
export function rederiveTextTask(
  classNames: readonly string[],
  raw: TextRaw,
  task: TaskRef,
  settings: TextRunSettings,
): TextTaskOutcome {
  const out =
    raw.kind === 'span'
      ? mapSpans(raw.spans, classNames, spanSourceOf(settings.target, task.data).place, settings)
      : mapClasses(classCandidates(raw.probabilities), classNames, settings);
  return finish({ ...out, raw }, task, settings);
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
  return finish(await mapped(model, task, settings), task, settings);
}
