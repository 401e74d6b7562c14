import { describe, expect, it } from 'vitest';
import { parseLabelingConfig } from '../core/config';
import {
  applySavedMapping,
  configHash,
  mappingKey,
  readSavedMapping,
  writeSavedMapping,
} from './saved-mapping';
import { visionTargetChoices } from './targets';

/** The part of localStorage the module uses. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
    clear: () => items.clear(),
    key: (i: number) => [...items.keys()][i] ?? null,
    get length() {
      return items.size;
    },
  };
}

const xml = `<View><Image name="image" value="$image"/>
  <RectangleLabels name="label" toName="image"><Label value="Person"/><Label value="Vehicle"/></RectangleLabels>
</View>`;
const [choice] = visionTargetChoices(parseLabelingConfig(xml), 'box', {
  classNames: ['person', 'car', 'bus'],
});

describe('saved mappings', () => {
  it('keys by model bytes and config text', () => {
    const key = mappingKey('ab'.repeat(32), xml);
    expect(key).not.toBe(mappingKey('cd'.repeat(32), xml));
    expect(key).not.toBe(mappingKey('ab'.repeat(32), xml.replace('Vehicle', 'Car')));
    expect(configHash('a')).toMatch(/^[0-9a-f]{16}$/);
  });

  it('round-trips through storage and restores the labels that still fit', () => {
    const storage = memoryStorage();
    writeSavedMapping(storage, 'k', {
      targetKey: choice!.key,
      mappings: { label: { person: null, car: 'Vehicle', bus: 'Spaceship', tree: 'Person' } },
      classConfidence: { 1: 0.6 },
    });
    const saved = readSavedMapping(storage, 'k')!;
    expect(saved.classConfidence).toEqual({ 1: 0.6 });
    const { targets, reasons } = applySavedMapping(choice!, saved);
    // "Spaceship" is no longer a label and "tree" no longer a class: both ignored.
    expect(targets[0]?.mapping).toEqual({ person: null, car: 'Vehicle', bus: null });
    expect(reasons.label).toEqual({ person: 'saved', car: 'saved' });
  });

  it('ignores broken or foreign entries', () => {
    const storage = memoryStorage();
    storage.setItem('bad', '{not json');
    storage.setItem('odd', JSON.stringify({ targetKey: 'x', mappings: { label: { a: 3 } } }));
    expect(readSavedMapping(storage, 'bad')).toBeNull();
    expect(readSavedMapping(storage, 'odd')).toBeNull();
    expect(readSavedMapping(null, 'bad')).toBeNull();
  });
});
