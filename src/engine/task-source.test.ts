import { describe, expect, it } from 'vitest';
import { parseLabelingConfig } from '../core/config';
import { TaskImportRefused, importSources } from './task-source';

const config = parseLabelingConfig(
  '<View><Image name="image" value="$image"/><RectangleLabels name="l" toName="image"><Label value="a"/></RectangleLabels></View>',
);
const file = (path: string, body: string) => ({ path, file: new File([body], path) });

describe('importSources', () => {
  it('names a task file that gave no task, only problems', async () => {
    const imported = await importSources(
      {
        taskFiles: [file('ok.jsonl', '{"image":"a.png"}'), file('coco.json', '["person","car"]')],
        mediaFiles: [],
      },
      config,
      'image',
    );
    expect(imported.tasks).toHaveLength(1);
    expect(imported.failedFiles.map((f) => f.path)).toEqual(['coco.json']);
    const refused = new TaskImportRefused(imported.failedFiles);
    expect(refused.message).toMatch(/^coco\.json gave no task: coco\.json/);
    expect(refused.message).toContain('left as they were');
  });

  it('accepts a file with some bad lines (its good tasks count)', async () => {
    const imported = await importSources(
      { taskFiles: [file('t.jsonl', '{"image":"a.png"}\n{"image": ')], mediaFiles: [] },
      config,
      'image',
    );
    expect(imported.tasks).toHaveLength(1);
    expect(imported.issues).toHaveLength(1);
    expect(imported.failedFiles).toEqual([]);
  });
});
