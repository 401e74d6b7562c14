// Text model output → Label Studio results: entity spans (code point
// offsets) → <Labels> spans; a generated reply → a <TextArea> answer.
// Classes → <Choices> go through classesToResults like image classes.
import { textAreaResult } from '../results/classification';
import { codePointSpanResult } from '../results/text-span';
import type { LsResult } from '../results/types';
import type { NearMiss } from '../active/prediction-score';
import type { LabelMapping } from './auto-map';

/** What the entity families hand to core (structurally: core imports no model folder). */
export interface DetectedSpan {
  start: number;
  end: number;
  text: string;
  classIndex: number;
  score: number;
}

export interface SpanTarget {
  fromName: string;
  toName: string;
  /** `labels` (default), `hypertextlabels` or `paragraphlabels`. */
  resultType?: string;
  /**
   * The span's position fields on the target's object (span-source.ts); null
   * drops the span. Default: code point offsets on a <Text>.
   */
  place?: (span: DetectedSpan) => Record<string, unknown> | null;
}

function spanResult(
  span: DetectedSpan,
  label: string,
  target: SpanTarget,
  id: string,
): LsResult | null {
  if (!target.place) {
    return codePointSpanResult({
      id,
      fromName: target.fromName,
      toName: target.toName,
      start: span.start,
      end: span.end,
      text: span.text,
      labels: [label],
      score: span.score,
      type: target.resultType === 'hypertextlabels' ? 'hypertextlabels' : 'labels',
    });
  }
  const position = target.place(span);
  if (!position) return null;
  const type = target.resultType ?? 'labels';
  const result: LsResult = {
    id,
    from_name: target.fromName,
    to_name: target.toName,
    type,
    value: { ...position, [type]: [label] },
  };
  if (Number.isFinite(span.score)) result.score = span.score;
  return result;
}

export interface SpanResults {
  results: LsResult[];
  /** Mean score of the kept spans (absent when none is kept). */
  score?: number;
  /** Class name → spans dropped because the class maps to no label. */
  unmapped: Record<string, number>;
  /** The mapped span closest under its minimum score (for the task score). */
  nearMiss?: NearMiss;
}

export function spansToResults(
  spans: readonly DetectedSpan[],
  classNames: readonly string[],
  mapping: LabelMapping,
  target: SpanTarget,
  nextId: () => string,
  options: { threshold?: number; classThreshold?: Record<string, number> } = {},
): SpanResults {
  const results: LsResult[] = [];
  const unmapped: Record<string, number> = {};
  let sum = 0;
  let nearMiss: NearMiss | undefined;
  for (const span of spans) {
    const cls = classNames[span.classIndex] ?? `class ${span.classIndex}`;
    const minimum = options.classThreshold?.[cls] ?? options.threshold ?? 0;
    if (span.score < minimum) {
      const closer = !nearMiss || span.score / minimum > nearMiss.score / nearMiss.threshold;
      if (mapping[cls] && closer) nearMiss = { score: span.score, threshold: minimum };
      continue;
    }
    const label = mapping[cls];
    if (!label) {
      unmapped[cls] = (unmapped[cls] ?? 0) + 1;
      continue;
    }
    const result = spanResult(span, label, target, nextId());
    if (result) {
      results.push(result);
      sum += span.score;
    }
  }
  const out: SpanResults = { results, unmapped };
  if (results.length > 0) out.score = sum / results.length;
  if (nearMiss) out.nearMiss = nearMiss;
  return out;
}

/** A reply as a <TextArea> answer (with its confidence, when known); blank replies give none. */
export function replyToResult(
  reply: string,
  target: { fromName: string; toName: string },
  nextId: () => string,
  score?: number,
): LsResult | null {
  const text = reply.trim();
  if (text === '') return null;
  return textAreaResult({
    id: nextId(),
    fromName: target.fromName,
    toName: target.toName,
    text,
    ...(score !== undefined ? { score } : {}),
  });
}
