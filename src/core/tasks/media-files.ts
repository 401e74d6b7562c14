import { dataAtPath } from '../config/data-path';
import { makeIssue } from './issue-text';
import type { ImportIssue, LsTask } from './types';

/** A dropped or listed media file; `text` holds the content of text files. */
export interface MediaFileRef {
  name: string;
  path?: string;
  type?: string;
  /** Size in bytes, when known: 0-byte files are reported. */
  size?: number;
  text?: string;
}

/** The part of a config object tag this needs (the parsed `ObjectTag` fits). */
export interface MediaTarget {
  tag: string;
  name: string;
  dataKey?: string;
  /** `valueList` images take a list of URLs. */
  valueList?: boolean;
}

export interface MediaImportOptions {
  /** The URL a task should hold (e.g. an object URL or a served path). */
  urlFor?: (file: MediaFileRef) => string | undefined;
}

export interface MediaImportResult {
  tasks: LsTask[];
  issues: ImportIssue[];
  /** fileIndex[i] = index in `files` of the file task i was made from. */
  fileIndex: number[];
}

type MediaKind = 'image' | 'audio' | 'video' | 'text' | 'html';

const EXTENSIONS: Record<string, MediaKind[]> = {};
const addExtensions = (kinds: MediaKind[], list: string): void => {
  for (const ext of list.split(' ')) EXTENSIONS[ext] = kinds;
};
addExtensions(['image'], 'jpg jpeg png gif bmp webp avif tif tiff svg');
addExtensions(['audio'], 'wav mp3 ogg oga flac m4a aac opus');
// .webm holds audio or video; with no MIME type try the audio tags first.
addExtensions(['audio', 'video'], 'webm');
addExtensions(['video'], 'mp4 m4v mov ogv');
addExtensions(['text'], 'txt md markdown');
addExtensions(['html'], 'html htm');

/** The object tags each kind can go to, in order of preference. */
const TARGET_TAGS: Record<MediaKind, string[]> = {
  image: ['Image'],
  audio: ['Audio', 'AudioPlus'],
  video: ['Video'],
  text: ['Text', 'HyperText'],
  html: ['HyperText', 'Text'],
};

const NEEDED: Record<MediaKind, string> = {
  image: '<Image>',
  audio: '<Audio> or <AudioPlus>',
  video: '<Video>',
  text: '<Text> or <HyperText>',
  html: '<HyperText> or <Text>',
};

function kindsOf(file: MediaFileRef): MediaKind[] {
  const type = (file.type ?? '').toLowerCase().split(';')[0]?.trim() ?? '';
  if (type.startsWith('image/')) return ['image'];
  if (type.startsWith('audio/')) return ['audio'];
  if (type.startsWith('video/')) return type === 'video/webm' ? ['video', 'audio'] : ['video'];
  if (type === 'text/plain' || type === 'text/markdown') return ['text'];
  if (type === 'text/html') return ['html'];
  const dot = file.name.lastIndexOf('.');
  return dot < 0 ? [] : (EXTENSIONS[file.name.slice(dot + 1).toLowerCase()] ?? []);
}

/** The first object (config order) of the first tag group that has one. */
function targetFor(kinds: MediaKind[], objects: MediaTarget[]): MediaTarget | undefined {
  for (const kind of kinds) {
    for (const tag of TARGET_TAGS[kind]) {
      const found = objects.find((o) => o.tag === tag && o.dataKey);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * One task per media file, its URL (or, for text files, its content) under
 * the data key of the first matching object tag. Task data carries nothing
 * else: `fileIndex` lets the caller find the File again for inference.
 */
export function mediaFilesToTasks(
  files: MediaFileRef[],
  objects: MediaTarget[],
  options: MediaImportOptions = {},
): MediaImportResult {
  const result: MediaImportResult = { tasks: [], issues: [], fileIndex: [] };
  const problem = (file: MediaFileRef, text: string): void => {
    result.issues.push(makeIssue(file.name, {}, text));
  };
  files.forEach((file, index) => {
    const kinds = kindsOf(file);
    const first = kinds[0];
    if (first === undefined) {
      problem(file, 'not an image, audio, video or text (.txt, .md, .html) file');
      return;
    }
    const isText = first === 'text' || first === 'html';
    if (file.size === 0 || (isText && file.text === '')) {
      problem(file, 'the file is empty (0 bytes)');
      return;
    }
    const target = targetFor(kinds, objects);
    if (!target?.dataKey) {
      problem(file, `the labeling config has no ${NEEDED[first]} tag to put it in`);
      return;
    }
    let value: unknown;
    if (isText) {
      if (file.text === undefined) {
        problem(file, 'its text content was not read');
        return;
      }
      value = file.text;
    } else {
      const url = options.urlFor?.(file) ?? file.path ?? file.name;
      value = target.valueList ? [url] : url;
    }
    result.tasks.push({ data: dataAtPath(target.dataKey, value) });
    result.fileIndex.push(index);
  });
  return result;
}
