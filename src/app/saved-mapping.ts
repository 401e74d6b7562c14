// The user's class → label choices, kept in localStorage per (model, config)
// pair: loading the same model bytes with the same config restores them.

import { labelNames } from '../core/config/queries';
import type { LabelMapping, MatchReason } from '../core/mapping/auto-map';
import type { AppTarget, TargetChoice } from './targets';

export interface SavedMapping {
  targetKey: string;
  /** By target fromName. */
  mappings: Record<string, LabelMapping>;
  /** Per-class minimum confidence, by class index. */
  classConfidence?: Record<number, number>;
}

/** How a class got its label, as the mapping table shows it. */
export type ShownReason = MatchReason | 'saved' | 'manual';

const PREFIX = 'prelabel.mapping.';

/** FNV-1a over the config text: a short stable key, no crypto needed. */
export function configHash(xml: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < xml.length; i++) {
    const c = xml.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

export function mappingKey(bytesHash: string, configXml: string): string {
  return `${PREFIX}${bytesHash.slice(0, 16)}.${configHash(configXml.trim())}`;
}

function isMapping(value: unknown): value is LabelMapping {
  return (
    !!value &&
    typeof value === 'object' &&
    Object.values(value).every((v) => v === null || typeof v === 'string')
  );
}

export function readSavedMapping(storage: Storage | null, key: string): SavedMapping | null {
  try {
    const raw = storage?.getItem(key);
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<SavedMapping>;
    if (typeof value.targetKey !== 'string' || !value.mappings) return null;
    if (!Object.values(value.mappings).every(isMapping)) return null;
    const saved: SavedMapping = { targetKey: value.targetKey, mappings: value.mappings };
    const cc = value.classConfidence;
    if (cc && Object.values(cc).every((v) => typeof v === 'number' && v >= 0 && v <= 1)) {
      saved.classConfidence = cc;
    }
    return saved;
  } catch {
    return null; // unreadable or storage blocked: start from the automatic match
  }
}

export function writeSavedMapping(storage: Storage | null, key: string, saved: SavedMapping) {
  try {
    storage?.setItem(key, JSON.stringify(saved));
  } catch {
    // quota or private mode: the mapping just is not remembered
  }
}

/**
 * The choice's targets with the saved labels applied where they still fit
 * (the class exists, the label is still in the control); those that differ
 * from the automatic match are marked `saved`.
 */
export function applySavedMapping(
  choice: TargetChoice,
  saved: SavedMapping,
): { targets: AppTarget[]; reasons: Record<string, Record<string, ShownReason>> } {
  const reasons: Record<string, Record<string, ShownReason>> = {};
  const targets = choice.targets.map((target, i) => {
    const control = choice.controls[i];
    const allowed = new Set(control && control.labels.length > 0 ? labelNames(control) : ['']);
    const stored = saved.mappings[target.fromName] ?? {};
    const mapping: LabelMapping = { ...target.mapping };
    const why: Record<string, ShownReason> = { ...choice.reasons[target.fromName] };
    for (const [cls, label] of Object.entries(stored)) {
      if (!(cls in mapping) || (label !== null && !allowed.has(label))) continue;
      if (mapping[cls] !== label) why[cls] = 'saved';
      mapping[cls] = label;
    }
    reasons[target.fromName] = why;
    return { ...target, mapping };
  });
  return { targets, reasons };
}
