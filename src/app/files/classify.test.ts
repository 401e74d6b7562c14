import { describe, expect, it } from 'vitest';
import { classifyDrop, extensionOf, type DroppedFile } from './classify';

function dropped(path: string, type = ''): DroppedFile {
  const name = path.split('/').pop()!;
  return { path, file: new File(['x'], name, { type }) };
}

function roles(paths: string[]) {
  const c = classifyDrop(paths.map((p) => dropped(p)));
  const names = (list: DroppedFile[]) => list.map((e) => e.path);
  return {
    configs: names(c.configs),
    taskFiles: names(c.taskFiles),
    models: names(c.models),
    packages: names(c.packages),
    labels: names(c.labels),
    media: names(c.media),
    ignored: names(c.ignored),
  };
}

describe('classifyDrop', () => {
  it('sorts a typical drop of config, photos, task list and model', () => {
    expect(
      roles(['config.xml', 'a.JPG', 'b.png', 'song.wav', 'tasks.json', 'urls.txt', 'm.onnx']),
    ).toEqual({
      configs: ['config.xml'],
      taskFiles: ['tasks.json', 'urls.txt'],
      models: ['m.onnx'],
      packages: [],
      labels: [],
      media: ['a.JPG', 'b.png', 'song.wav'],
      ignored: [],
    });
  });

  it('takes a class list next to a model as its labels, not as tasks', () => {
    const r = roles([
      'model/yolox.onnx',
      'model/coco80.json',
      'model/yolox.txt',
      'data/labels.txt',
    ]);
    expect(r.models).toEqual(['model/yolox.onnx']);
    expect(r.labels).toEqual(['model/coco80.json', 'model/yolox.txt']);
    // Not in the model's folder: a task list that happens to be named labels.
    expect(r.taskFiles).toEqual(['data/labels.txt']);
  });

  it('treats classes.txt as tasks when no model comes with it, but .names always as labels', () => {
    const r = roles(['classes.txt', 'coco.names']);
    expect(r.taskFiles).toEqual(['classes.txt']);
    expect(r.labels).toEqual(['coco.names']);
  });

  it('ignores system files and unknown types', () => {
    expect(roles(['.DS_Store', 'photos/._a.jpg', 'notes.pdf']).ignored).toEqual([
      '.DS_Store',
      'photos/._a.jpg',
      'notes.pdf',
    ]);
  });

  it('uses the MIME type for media without a known extension', () => {
    const c = classifyDrop([dropped('camera-shot', 'image/heic')]);
    expect(c.media).toHaveLength(1);
  });

  it('reads extensions case-blind and only from the last dot of the base name', () => {
    expect(extensionOf('dir.v2/photo.Tar.GZ')).toBe('gz');
    expect(extensionOf('dir.v2/README')).toBe('');
    expect(extensionOf('.hidden')).toBe('');
  });
});
