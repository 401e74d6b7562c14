// Object-level (or per-region) answers (fact sheet §2, §5): Choices, TextArea, Taxonomy,
// Number, Rating. For a `perRegion="true"` control, build the result with any id and pass
// it through `linkToRegion(region, result)`: it then shares the region's id and geometry.

import type { LsResult } from './types';
import type { ControlIdentity } from './geometry';
import { withScore } from './geometry';

interface AnswerBase extends ControlIdentity {
  id: string;
  score?: number;
}

function answer(input: AnswerBase, type: string, value: Record<string, unknown>): LsResult {
  return withScore(
    { id: input.id, from_name: input.fromName, to_name: input.toName, type, value },
    input.score,
  );
}

export function choicesResult(input: AnswerBase & { choices: string[] }): LsResult {
  return answer(input, 'choices', { choices: [...input.choices] });
}

/** TextArea: `value.text` is always a list of strings. */
export function textAreaResult(input: AnswerBase & { text: string | string[] }): LsResult {
  const text = typeof input.text === 'string' ? [input.text] : [...input.text];
  return answer(input, 'textarea', { text });
}

/** Taxonomy: a list of paths from the root, e.g. `[["Animal", "Cat"]]`. */
export function taxonomyResult(input: AnswerBase & { paths: string[][] }): LsResult {
  return answer(input, 'taxonomy', { taxonomy: input.paths.map((p) => [...p]) });
}

/** Number; null for NaN/Infinity, which JSON cannot carry. */
export function numberResult(input: AnswerBase & { number: number }): LsResult | null {
  if (!Number.isFinite(input.number)) return null;
  return answer(input, 'number', { number: input.number });
}

/** Rating: rounded to an integer and clamped to 0..maxRating (default 5, as `<Rating>`). */
export function ratingResult(
  input: AnswerBase & { rating: number; maxRating?: number },
): LsResult | null {
  if (!Number.isFinite(input.rating)) return null;
  const max = input.maxRating ?? 5;
  const rating = Math.min(max, Math.max(0, Math.round(input.rating)));
  return answer(input, 'rating', { rating });
}
