// Checks of audio results that need more than the config: segments inside the
// file's duration, and per-region results (a TextArea) repeating their
// region's start/end, which Label Studio's exports always do and the editor
// reads when it meets the attached result first.

import type { LsResult } from '../results/types';
import type { ValidationIssue } from './types';

const EPSILON = 1e-3;

export function checkAudioResults(
  results: readonly LsResult[],
  options: { durationSeconds?: number } = {},
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const regions = new Map<string, { start: unknown; end: unknown; index: number }>();
  results.forEach((r, index) => {
    if (r.type === 'labels' && typeof r.value.start === 'number') {
      regions.set(r.id, { start: r.value.start, end: r.value.end, index });
      const end = r.value.end;
      if (
        options.durationSeconds !== undefined &&
        typeof end === 'number' &&
        end > options.durationSeconds + EPSILON
      ) {
        issues.push({
          message: `result ${index} (from_name "${r.from_name}"): value.end ${end} s is past the end of the audio (${options.durationSeconds} s)`,
        });
      }
    }
  });
  results.forEach((r, index) => {
    const region = regions.get(r.id);
    if (!region || region.index === index) return;
    if (r.value.start !== region.start || r.value.end !== region.end) {
      issues.push({
        message:
          `result ${index} (from_name "${r.from_name}") shares id "${r.id}" with the segment of result ${region.index} ` +
          `but has start/end ${String(r.value.start)}/${String(r.value.end)} instead of ${String(region.start)}/${String(region.end)}: ` +
          `repeat the segment's start and end`,
      });
    }
  });
  return issues;
}
