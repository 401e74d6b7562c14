import { describe, expect, it } from 'vitest';
import { classifyDrop } from './classify';
import { claimZipModels } from './zip-drop';

const entry = (path: string) => ({ path, file: new File(['x'], path.split('/').pop()!) });

describe('claimZipModels', () => {
  it('takes the .zip files the name sort ignored, in drop order, and leaves the rest', () => {
    const drop = classifyDrop(
      ['notes.pdf', 'a/head.ZIP', 'tasks.json', 'other.zip', '.DS_Store'].map(entry),
    );
    expect(claimZipModels(drop).map((e) => e.path)).toEqual(['a/head.ZIP', 'other.zip']);
    expect(drop.ignored.map((e) => e.path)).toEqual(['.DS_Store', 'notes.pdf']);
    expect(drop.taskFiles.map((e) => e.path)).toEqual(['tasks.json']);
  });
});
