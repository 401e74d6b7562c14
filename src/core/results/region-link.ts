// Linking a result to a region (fact sheet §2): results with the same `id` form ONE
// region. The editor builds the region from whichever result it reads first and falls
// back to a plain classification when that result's value has no geometry, so — as
// Label Studio's own exports do — every linked result repeats the region's geometry.

import type { LsResult } from './types';

/** Value keys that hold a control's answer rather than the region's shape. */
const ANSWER_KEYS = new Set([
  'rectanglelabels',
  'polygonlabels',
  'keypointlabels',
  'brushlabels',
  'ellipselabels',
  'labels',
  'hypertextlabels',
  'paragraphlabels',
  'timeserieslabels',
  'choices',
  'taxonomy',
  'rating',
  'number',
  'datetime',
]);

/** The region's shape fields (x, y, width, points, start, end, rle, …) without its labels. */
export function regionGeometry(region: LsResult): Record<string, unknown> {
  const geometry: Record<string, unknown> = {};
  for (const [key, val] of Object.entries(region.value)) {
    if (!ANSWER_KEYS.has(key) && !(region.type === 'textarea' && key === 'text')) {
      geometry[key] = val;
    }
  }
  return geometry;
}

/**
 * Makes `result` (from a `perRegion` control, or the Labels/TextArea of an OCR region)
 * describe `region`: same id, same image fields, region geometry merged under its value.
 * Throws when the two point at different objects.
 */
export function linkToRegion(region: LsResult, result: LsResult): LsResult {
  if (region.to_name !== result.to_name) {
    throw new Error(
      `cannot link ${result.from_name} (${result.to_name}) to a region on ${region.to_name}`,
    );
  }
  const linked: LsResult = {
    ...result,
    id: region.id,
    value: { ...regionGeometry(region), ...result.value },
  };
  if (region.original_width !== undefined) linked.original_width = region.original_width;
  if (region.original_height !== undefined) linked.original_height = region.original_height;
  if (region.image_rotation !== undefined) linked.image_rotation = region.image_rotation;
  return linked;
}
