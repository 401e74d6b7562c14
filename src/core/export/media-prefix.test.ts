import { describe, expect, it } from 'vitest';
import { parseLabelingConfig } from '../config';
import {
  collectToString,
  exportAsAnnotations,
  exportPredictionsOnly,
  exportTasksWithPredictions,
  isRelativeReference,
  mediaDataKeys,
  NoTaskIdsError,
  withMediaPrefix,
} from '.';
import type { ExportItem } from '.';

const prediction = { model_version: 'm@1', result: [] };
const LOCAL = '/data/local-files/?d=photos/';

describe('media prefix', () => {
  it('tells relative file references from URLs and rooted paths', () => {
    for (const v of ['a.png', 'dir/a b.png', 'x']) expect(isRelativeReference(v), v).toBe(true);
    for (const v of [
      '',
      'http://h/a.png',
      'https://h/a.png',
      's3://b/a.png',
      'gs://b/a.png',
      'data:image/png;base64,AA',
      'blob:http://h/1',
      '/data/upload/1/a.png',
      '/data/local-files/?d=a.png',
    ])
      expect(isRelativeReference(v), v).toBe(false);
  });

  it('prefixes bare names (encoded) on media keys only, nested keys and lists included', () => {
    const config = parseLabelingConfig(`<View>
      <Image name="img" value="$meta.photo"/>
      <Image name="pages" valueList="$pages"/>
      <Text name="t" value="$caption"/>
      <Choices name="c" toName="img"><Choice value="A"/></Choices>
    </View>`);
    const keys = mediaDataKeys(config);
    expect(keys).toEqual(['meta.photo', 'pages']);
    const task = {
      data: {
        meta: { photo: 'my cat#1.png', taken: 2020 },
        pages: ['p1.png', 'https://h/p2.png'],
        caption: 'a.png',
      },
    };
    const out = withMediaPrefix(task, { prefix: LOCAL, dataKeys: keys });
    expect(out.data).toEqual({
      meta: { photo: `${LOCAL}my%20cat%231.png`, taken: 2020 },
      pages: [`${LOCAL}p1.png`, 'https://h/p2.png'],
      caption: 'a.png',
    });
    expect(task.data.meta.photo).toBe('my cat#1.png');
  });

  it('is applied by the task export formats', async () => {
    const items: ExportItem[] = [
      { task: { data: { image: 'a.png' } }, prediction },
      { task: { data: { image: 'https://bucket/b.png' } }, prediction },
    ];
    const mediaPrefix = { prefix: 'https://bucket/', dataKeys: ['image'] };
    for (const exporter of [exportTasksWithPredictions, exportAsAnnotations]) {
      const out = JSON.parse(await collectToString(exporter(items, { mediaPrefix }))) as {
        data: { image: string };
      }[];
      expect(out.map((t) => t.data.image)).toEqual([
        'https://bucket/a.png',
        'https://bucket/b.png',
      ]);
    }
  });
});

describe('predictions-only without task ids', () => {
  it('refuses with the reason and the way out instead of writing []', async () => {
    const items: ExportItem[] = [
      { task: { data: { image: 'a.png' } }, prediction },
      { task: { data: { image: 'b.png' } }, prediction },
    ];
    const error = await collectToString(exportPredictionsOnly(items)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoTaskIdsError);
    expect((error as Error).message).toMatch(/none of the 2 tasks has a Label Studio task id/);
    expect((error as Error).message).toMatch(/Label Studio export or a connected project/);
  });

  it('still writes the tasks that have ids when only some lack one', async () => {
    const items: ExportItem[] = [
      { task: { id: 4, data: {} }, prediction },
      { task: { data: {} }, prediction },
    ];
    const out = JSON.parse(await collectToString(exportPredictionsOnly(items))) as unknown[];
    expect(out).toHaveLength(1);
  });

  it('writes [] for an empty input (nothing was refused)', async () => {
    expect(await collectToString(exportPredictionsOnly([]))).toBe('[]\n');
  });
});
