import { describe, expect, it } from 'vitest';
import { mediaFilesToTasks, type MediaTarget } from './media-files';

const objects: MediaTarget[] = [
  { tag: 'Text', name: 'caption', dataKey: 'caption' },
  { tag: 'Image', name: 'img', dataKey: 'image' },
  { tag: 'Image', name: 'img2', dataKey: 'image2' },
  { tag: 'AudioPlus', name: 'audio', dataKey: 'audio' },
  { tag: 'HyperText', name: 'page', dataKey: 'html' },
];

describe('mediaFilesToTasks', () => {
  it('puts each file under the first matching object, by MIME type or extension', () => {
    const files = [
      { name: 'a.JPG' },
      { name: 'noext', type: 'image/png' },
      { name: 'b.flac', path: 'sub/b.flac' },
      { name: 'c.webm' },
      { name: 'n.txt', text: 'hello' },
      { name: 'p.html', text: '<p>x</p>' },
      { name: 'r.md', type: 'text/markdown', text: '# t' },
    ];
    const result = mediaFilesToTasks(files, objects);
    expect(result.issues).toEqual([]);
    expect(result.tasks).toEqual([
      { data: { image: 'a.JPG' } },
      { data: { image: 'noext' } },
      { data: { audio: 'sub/b.flac' } },
      { data: { audio: 'c.webm' } },
      { data: { caption: 'hello' } },
      { data: { html: '<p>x</p>' } },
      { data: { caption: '# t' } },
    ]);
    expect(result.fileIndex).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('uses urlFor when given and wraps the URL in a list for valueList images', () => {
    const result = mediaFilesToTasks(
      [{ name: 'a.png', path: 'x/a.png' }],
      [{ tag: 'Image', name: 'i', dataKey: 'pages', valueList: true }],
      { urlFor: (f) => `blob:${f.name}` },
    );
    expect(result.tasks).toEqual([{ data: { pages: ['blob:a.png'] } }]);
  });

  it('reports files no object can hold, empty files and unknown kinds, keeping fileIndex aligned', () => {
    const files = [
      { name: 'photo.jpg', size: 10 },
      { name: 'clip.wav' },
      { name: 'empty.png', size: 0 },
      { name: 'movie.mp4' },
      { name: 'data.csv' },
      { name: 'blank.txt', text: '' },
      { name: 'song.mp3' },
    ];
    const imageOnly: MediaTarget[] = [
      { tag: 'Image', name: 'literal' },
      { tag: 'Image', name: 'img', dataKey: 'img' },
    ];
    const result = mediaFilesToTasks(files, imageOnly);
    expect(result.tasks).toEqual([{ data: { img: 'photo.jpg' } }]);
    expect(result.fileIndex).toEqual([0]);
    expect(result.issues.map((i) => i.message)).toEqual([
      'clip.wav: the labeling config has no <Audio> or <AudioPlus> tag to put it in',
      'empty.png: the file is empty (0 bytes)',
      'movie.mp4: the labeling config has no <Video> tag to put it in',
      'data.csv: not an image, audio, video or text (.txt, .md, .html) file',
      'blank.txt: the file is empty (0 bytes)',
      'song.mp3: the labeling config has no <Audio> or <AudioPlus> tag to put it in',
    ]);
    expect(mediaFilesToTasks([{ name: 'photo.jpg' }], []).issues[0]?.message).toBe(
      'photo.jpg: the labeling config has no <Image> tag to put it in',
    );
  });

  it('sends .html to HyperText and .txt to Text when both exist', () => {
    const result = mediaFilesToTasks(
      [
        { name: 'a.html', text: '<b>x</b>' },
        { name: 'b.txt', text: 'y' },
      ],
      [
        { tag: 'HyperText', name: 'h', dataKey: 'h' },
        { tag: 'Text', name: 't', dataKey: 't' },
      ],
    );
    expect(result.tasks).toEqual([{ data: { h: '<b>x</b>' } }, { data: { t: 'y' } }]);
  });
});
