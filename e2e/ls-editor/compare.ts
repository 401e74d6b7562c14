// Pure comparison of a prediction we sent with what the editor built from it.
// Each difference is one readable line; an empty list means everything loaded
// as sent.
import { decode } from '@thi.ng/rle-pack';
import type { LsPrediction, LsResult } from '../../src/core/results/types';
import type { LoadedPrediction, LoadedResult } from './types';

// Geometry/scalar keys of `value` whose numbers must survive the round trip.
const NUMERIC_KEYS = [
  'x',
  'y',
  'width',
  'height',
  'rotation',
  'radiusX',
  'radiusY',
  'start',
  'end',
  'startOffset',
  'endOffset',
  'number',
  'rating',
] as const;

// The editor converts % → stage pixels → %; only float noise is allowed.
const TOLERANCE = 1e-6;

function close(a: number, b: number, key: string): boolean {
  // The editor stores rotation as (r + 360) % 360.
  if (key === 'rotation') {
    const d = Math.abs((((a - b) % 360) + 360) % 360);
    return Math.min(d, 360 - d) <= TOLERANCE;
  }
  return Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.abs(a));
}

function describe(r: LsResult): string {
  return `result ${r.id} ${r.from_name}→${r.to_name} (${r.type})`;
}

/** The key of `value` holding the labels/choices the editor may filter. */
function labelKey(type: string): string | undefined {
  return type.endsWith('labels') || type === 'choices' ? type : undefined;
}

function stringList(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
}

function withoutLineBreaks(s: string): string {
  // The editor's DOM shows line breaks as <br>, so its range text lacks them.
  return s.replace(/[\r\n]/g, '');
}

function samePoints(a: unknown, b: unknown): boolean {
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  return a.every((p, i) => {
    const q: unknown = b[i];
    return (
      Array.isArray(p) &&
      Array.isArray(q) &&
      p.length === q.length &&
      p.every(
        (n, k) =>
          typeof n === 'number' && typeof q[k] === 'number' && close(n, q[k] as number, 'points'),
      )
    );
  });
}

function compareValue(sent: LsResult, got: LoadedResult, out: string[]): void {
  const what = describe(sent);
  const sv = sent.value;
  const gv = got.value;
  for (const key of NUMERIC_KEYS) {
    const s = sv[key];
    if (typeof s !== 'number') continue;
    const g = gv[key];
    if (typeof g !== 'number') out.push(`${what}: value.${key} missing in the editor (sent ${s})`);
    else if (!close(s, g, key)) out.push(`${what}: value.${key} is ${g} in the editor, sent ${s}`);
  }
  if (sv.points !== undefined && !samePoints(sv.points, gv.points)) {
    out.push(
      `${what}: polygon points differ: editor ${JSON.stringify(gv.points)}, sent ${JSON.stringify(sv.points)}`,
    );
  }
  for (const key of ['taxonomy', 'rle'] as const) {
    if (sv[key] !== undefined && JSON.stringify(sv[key]) !== JSON.stringify(gv[key])) {
      out.push(`${what}: value.${key} differs in the editor`);
    }
  }
  if (sent.type === 'textarea') {
    const s = JSON.stringify(sv.text);
    const g = JSON.stringify(gv.text);
    if (s !== g) out.push(`${what}: text is ${g} in the editor, sent ${s}`);
  }
}

function compareLabels(sent: LsResult, got: LoadedResult, out: string[]): void {
  const key = labelKey(sent.type);
  if (!key) return;
  const sentLabels = stringList(sent.value[key]) ?? [];
  const kept = got.labels ?? [];
  for (const label of sentLabels) {
    if (!kept.includes(label))
      out.push(`${describe(sent)}: label "${label}" lost: the editor does not show it`);
  }
  for (const label of kept) {
    if (!sentLabels.includes(label))
      out.push(`${describe(sent)}: editor shows label "${label}" not sent`);
  }
}

function compareSpanText(sent: LsResult, got: LoadedResult, out: string[]): void {
  if (
    got.areaType !== 'richtextregion' &&
    got.areaType !== 'paragraphsregion' &&
    got.areaType !== 'textrange'
  )
    return;
  if (got.shownText === undefined) {
    out.push(`${describe(sent)}: span not found in the text`);
    return;
  }
  const text = sent.value.text;
  if (typeof text === 'string' && withoutLineBreaks(text) !== withoutLineBreaks(got.shownText)) {
    out.push(
      `${describe(sent)}: editor highlights ${JSON.stringify(got.shownText)}, sent text ${JSON.stringify(text)}`,
    );
  }
}

function compareImage(sent: LsResult, got: LoadedResult, out: string[]): void {
  const w = got.original_width;
  const h = got.original_height;
  if (w === undefined || h === undefined) return;
  if (
    (sent.original_width !== undefined && sent.original_width !== w) ||
    (sent.original_height !== undefined && sent.original_height !== h)
  ) {
    out.push(
      `${describe(sent)}: original size ${sent.original_width}x${sent.original_height}, the editor's image is ${w}x${h}`,
    );
  }
  const rle = sent.value.rle;
  if (Array.isArray(rle)) {
    let bytes: number;
    try {
      bytes = decode(Uint8Array.from(rle as number[])).length;
    } catch {
      bytes = -1;
    }
    if (bytes !== w * h * 4) {
      out.push(
        `${describe(sent)}: mask decodes to ${bytes} bytes, the ${w}x${h} image needs ${w * h * 4}`,
      );
    }
  }
}

function compareOne(sent: LsResult, got: LoadedResult, out: string[]): void {
  const what = describe(sent);
  if (got.from_name !== sent.from_name)
    out.push(`${what}: editor moved it to from_name "${got.from_name}"`);
  if (got.to_name !== sent.to_name) out.push(`${what}: editor put it on to_name "${got.to_name}"`);
  if (got.type !== sent.type) out.push(`${what}: editor changed its type to "${got.type}"`);
  compareLabels(sent, got, out);
  compareValue(sent, got, out);
  compareSpanText(sent, got, out);
  compareImage(sent, got, out);
  for (const reason of got.invalid ?? []) out.push(`${what}: ${reason}`);
  if (got.drawn === false)
    out.push(`${what}: loaded but not drawn${got.areaType ? ` (${got.areaType})` : ''}`);
}

/** Differences between a sent prediction and what the editor built; [] when all loaded as sent. */
export function compareLoaded(sent: LsPrediction, loaded: LoadedPrediction): string[] {
  const out: string[] = [];
  for (const e of loaded.errors) out.push(`editor error: ${e}`);
  for (const p of loaded.pending) out.push(`never finished loading: ${p}`);

  const results = sent.result.filter((r) => r.type !== 'relation');
  const regions = new Set(results.map((r, i) => r.id || `#${i}`));
  if (regions.size !== loaded.regionCount) {
    out.push(`region count: sent ${regions.size}, the editor built ${loaded.regionCount}`);
  }

  const unmatched = new Set(loaded.results);
  for (const s of results) {
    const candidates = [...unmatched].filter((g) => (s.id ? g.id === s.id : true));
    const got =
      candidates.find((g) => g.from_name === s.from_name && g.type === s.type) ??
      candidates.find((g) => g.from_name === s.from_name) ??
      // The editor may re-home a result under another control of the same kind.
      (s.id ? candidates.find((g) => g.type === s.type) : undefined);
    if (!got) {
      out.push(`${describe(s)}: not loaded by the editor`);
      continue;
    }
    unmatched.delete(got);
    compareOne(s, got, out);
  }
  for (const g of unmatched) {
    out.push(
      `editor built result ${g.id} ${g.from_name}→${g.to_name} (${g.type}) that was not sent`,
    );
  }
  return out;
}
