import { describe, expect, it } from 'vitest';
import { NoTaskIdsError } from '../core/export';
import { exportToFile } from './export-file';

const prediction = { model_version: 'm@1', result: [] };
const source = (ids: boolean) => ({
  items: [
    { task: { ...(ids ? { id: 1 } : {}), data: { image: 'a.png' } }, prediction },
    { task: { ...(ids ? { id: 2 } : {}), data: { image: 'https://h/b.png' } }, prediction },
  ],
  itemCount: 2,
  total: 2,
  modelName: 'm',
});

describe('exportToFile', () => {
  it('puts the media prefix before bare file names in task exports', async () => {
    const file = await exportToFile('tasks-with-predictions', source(false), {
      prefix: '/data/local-files/?d=p/',
      dataKeys: ['image'],
    });
    const tasks = JSON.parse(await file.blob.text()) as { data: { image: string } }[];
    expect(tasks.map((t) => t.data.image)).toEqual([
      '/data/local-files/?d=p/a.png',
      'https://h/b.png',
    ]);
  });

  it('refuses predictions-only when no task has an id', async () => {
    await expect(exportToFile('predictions-only', source(false))).rejects.toBeInstanceOf(
      NoTaskIdsError,
    );
    const file = await exportToFile('predictions-only', source(true));
    expect(file.written).toBe(2);
  });
});
