// Label Studio results on an audio object → the regions the preview draws:
// a `labels` result with start/end (seconds) is a region; a per-region
// `textarea` sharing its id adds the transcript.
import type { LsResult } from '../../core/results/types';

export interface AudioRegionView {
  id: string;
  start: number;
  end: number;
  label: string;
  score?: number;
  text?: string;
}

const seconds = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null;

export function audioRegionsOf(results: readonly LsResult[]): AudioRegionView[] {
  const regions = new Map<string, AudioRegionView>();
  for (const r of results) {
    const start = seconds(r.value.start);
    const end = seconds(r.value.end);
    const labels = r.value.labels;
    if (r.type !== 'labels' || start === null || end === null || !Array.isArray(labels)) continue;
    const region: AudioRegionView = { id: r.id, start, end, label: String(labels[0] ?? '') };
    if (r.score !== undefined) region.score = r.score;
    regions.set(r.id, region);
  }
  for (const r of results) {
    const region = regions.get(r.id);
    const text = r.value.text;
    if (!region || r.type !== 'textarea' || !Array.isArray(text)) continue;
    region.text = text.map(String).join(' ');
  }
  return [...regions.values()].sort((a, b) => a.start - b.start);
}
