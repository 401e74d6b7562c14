import { describe, expect, it } from 'vitest';
import type { LsResult } from '../../core/results/types';
import { audioRegionsOf } from './audio-regions';

const result = (id: string, type: string, value: Record<string, unknown>, score?: number) =>
  ({
    id,
    type,
    from_name: type === 'labels' ? 'speech' : 'said',
    to_name: 'audio',
    value,
    ...(score !== undefined ? { score } : {}),
  }) as LsResult;

describe('audioRegionsOf', () => {
  it('takes labelled start/end regions in time order, with the per-region text of the same id', () => {
    const regions = audioRegionsOf([
      result('b', 'labels', { start: 6.3, end: 9.5, channel: 0, labels: ['Speech'] }, 0.9),
      result('a', 'labels', { start: 1.5, end: 4.3, channel: 0, labels: ['Speech'] }, 0.8),
      result('a', 'textarea', { start: 1.5, end: 4.3, text: ['hello world'] }),
      // not regions: a choice on the file, a label without times
      result('c', 'choices', { choices: ['Music'] }),
      result('d', 'labels', { labels: ['Speech'] }),
    ]);
    expect(regions).toEqual([
      { id: 'a', start: 1.5, end: 4.3, label: 'Speech', score: 0.8, text: 'hello world' },
      { id: 'b', start: 6.3, end: 9.5, label: 'Speech', score: 0.9 },
    ]);
  });
});
