import { describe, expect, it } from 'vitest';
import type { LsPrediction } from '../results/types';
import { collectToString, exportTasksWithPredictions, type ExportItem } from './index';

const N = 100_000;

const prediction: LsPrediction = {
  model_version: 'm',
  score: 0.5,
  result: [
    {
      id: 'r1',
      from_name: 'label',
      to_name: 'image',
      type: 'rectanglelabels',
      original_width: 640,
      original_height: 480,
      value: { x: 1, y: 2, width: 3, height: 4, rotation: 0, rectanglelabels: ['Car'] },
    },
  ],
};

/** Items made on demand, counting how many the exporter has pulled. */
function lazyItems(n: number, pulled: { count: number }): Iterable<ExportItem> {
  return {
    *[Symbol.iterator]() {
      for (let i = 0; i < n; i++) {
        pulled.count++;
        yield { task: { id: i + 1, data: { image: `https://host/${i}.jpg` } }, prediction };
      }
    },
  };
}

describe('large exports', () => {
  it(`exports ${N} tasks as parseable JSON with ${N} items`, async () => {
    const text = await collectToString(exportTasksWithPredictions(lazyItems(N, { count: 0 })));
    const out = JSON.parse(text) as { id: number; predictions: unknown[] }[];
    expect(out).toHaveLength(N);
    expect(out[N - 1]?.id).toBe(N);
    expect(out[12345]?.predictions).toEqual([prediction]);
  });

  it('streams: bounded chunks, items pulled only as output is consumed', async () => {
    const pulled = { count: 0 };
    const chunkSize = 16 * 1024;
    const gen = exportTasksWithPredictions(lazyItems(N, pulled), { chunkSize });
    const first = await gen.next();
    expect(first.done).toBe(false);
    // Only enough tasks for the first chunk were read, not all of them.
    expect(pulled.count).toBeGreaterThan(0);
    expect(pulled.count).toBeLessThan(1000);
    let chunks = 1;
    let largest = (first.value as string).length;
    for await (const chunk of gen) {
      chunks++;
      largest = Math.max(largest, chunk.length);
    }
    expect(pulled.count).toBe(N);
    expect(chunks).toBeGreaterThan(100);
    // A chunk ends as soon as it passes chunkSize: at most one task over.
    expect(largest).toBeLessThan(chunkSize + 1024);
  });
});
