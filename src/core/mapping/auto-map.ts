import type { ControlTag, LabelDef } from '../config/types';

/**
 * Model class name → config label name; `null` drops the class.
 * For a control without labels (e.g. `<Rectangle>`), a kept class maps to `''`.
 */
export type LabelMapping = Record<string, string | null>;

/** How a class was matched, for the mapping table ("auto: plural"). */
export type MatchReason = 'predicted_values' | 'exact' | 'normalized' | 'plural' | 'geometry-only';

export interface AutoMapping {
  mapping: LabelMapping;
  reasons: Record<string, MatchReason>;
}

/** Case, space, underscore and hyphen blind: "Traffic_light" ~ "traffic light". */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, '');
}

/** Singular forms a plain English plural may come from ("boxes" → box, "people" stays). */
function singulars(normalized: string): string[] {
  const forms: string[] = [];
  if (normalized.endsWith('ies')) forms.push(normalized.slice(0, -3) + 'y');
  if (normalized.endsWith('es')) forms.push(normalized.slice(0, -2));
  if (normalized.endsWith('s')) forms.push(normalized.slice(0, -1));
  return forms;
}

function flatten(labels: LabelDef[]): LabelDef[] {
  return labels.flatMap((l) => [l, ...flatten(l.children)]);
}

/**
 * Label Studio's ML SDK matches by `predicted_values`, then exact name, then
 * lower-case name; we add normalised names and simple plurals either way round.
 */
export function autoMapLabels(classNames: string[], control: ControlTag): AutoMapping {
  const mapping: LabelMapping = {};
  const reasons: Record<string, MatchReason> = {};
  const labels = flatten(control.labels);

  if (labels.length === 0) {
    for (const cls of classNames) {
      mapping[cls] = '';
      reasons[cls] = 'geometry-only';
    }
    return { mapping, reasons };
  }

  const byPredicted = new Map<string, string>();
  const byExact = new Map<string, string>();
  const byNormalized = new Map<string, string>();
  for (const label of labels) {
    for (const pv of label.predictedValues) byPredicted.set(normalizeName(pv.trim()), label.name);
    for (const n of [label.name, label.value]) {
      if (!byExact.has(n)) byExact.set(n, label.name);
      if (!byNormalized.has(normalizeName(n))) byNormalized.set(normalizeName(n), label.name);
    }
  }

  for (const cls of classNames) {
    const norm = normalizeName(cls);
    const plural = [...singulars(norm), norm + 's', norm + 'es']
      .map((f) => byNormalized.get(f))
      .find((l) => l !== undefined);
    const match: [string | undefined, MatchReason][] = [
      [byPredicted.get(norm), 'predicted_values'],
      [byExact.get(cls), 'exact'],
      [byNormalized.get(norm), 'normalized'],
      [plural, 'plural'],
    ];
    const hit = match.find(([label]) => label !== undefined);
    mapping[cls] = hit?.[0] ?? null;
    if (hit) reasons[cls] = hit[1];
  }
  return { mapping, reasons };
}

/** Parses the CLI's `--map "cls=Label,other=,x=Y"` (empty right side drops the class). */
export function parseMappingSpec(spec: string): LabelMapping {
  const mapping: LabelMapping = {};
  for (const pair of spec.split(',')) {
    if (!pair.trim()) continue;
    const eq = pair.indexOf('=');
    if (eq < 0) throw new Error(`--map entry "${pair}" needs the form class=Label`);
    const cls = pair.slice(0, eq).trim();
    const label = pair.slice(eq + 1).trim();
    mapping[cls] = label === '' ? null : label;
  }
  return mapping;
}
