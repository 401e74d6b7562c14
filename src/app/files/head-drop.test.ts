// Dropped head files are told from task files by their first bytes: a head
// as `prelabel train` and Online learning write it is claimed, Label Studio
// exports (JSON, JSON-MIN) and other files stay tasks.
import { describe, expect, it } from 'vitest';
import { trainDense } from '../../learn/dense-classifier';
import { claimHeadFiles } from './head-drop';

const entry = (path: string, text: string) => ({ path, file: new Blob([text]) });

describe('claimHeadFiles', () => {
  it('takes head files out of the task files and leaves exports', async () => {
    const head = trainDense(
      [
        [1, 0],
        [0, 1],
      ],
      [['cat'], ['dog']],
      { labels: ['cat', 'dog'] },
    );
    const written = `${JSON.stringify(head)}\n`;
    const pretty = JSON.stringify(head, null, 2);
    const exportJson = JSON.stringify([{ id: 1, data: { text: '"format":"prelabel-head"' } }]);
    const drop = {
      taskFiles: [
        entry('export.json', exportJson),
        entry('dense-logreg@2-annotations.json', written),
        entry('heads/pretty.JSON', pretty),
        entry('min.json', JSON.stringify([{ format: 'prelabel-head', text: 'a task' }])),
        entry('notes.txt', written),
      ],
    };
    const heads = await claimHeadFiles(drop);
    expect(heads.map((h) => h.path)).toEqual([
      'dense-logreg@2-annotations.json',
      'heads/pretty.JSON',
    ]);
    expect(drop.taskFiles.map((t) => t.path)).toEqual(['export.json', 'min.json', 'notes.txt']);
  });
});
