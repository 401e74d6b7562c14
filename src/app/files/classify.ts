// Sorts dropped files by role from their names alone (no reading): the
// labeling config, task files, a model with its class-names file, a text
// model's folder (an .onnx with its descriptors), and media that become
// tasks. Pure, so it is tested in Node.

export interface DroppedFile {
  file: File;
  /** Path inside the dropped folder ("photos/a.jpg"), or the bare name. */
  path: string;
}

export interface ClassifiedDrop {
  configs: DroppedFile[];
  taskFiles: DroppedFile[];
  models: DroppedFile[];
  /** A text model's folder: its .onnx files and descriptors (manifest.json, tokenizer.json…). */
  packages: DroppedFile[];
  labels: DroppedFile[];
  media: DroppedFile[];
  ignored: DroppedFile[];
}

const IMAGE_EXT = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp', 'bmp', 'avif', 'svg', 'ico']);
const AUDIO_EXT = new Set(['wav', 'mp3', 'ogg', 'oga', 'flac', 'm4a', 'aac', 'opus', 'webm']);
const TASK_EXT = new Set(['json', 'jsonl', 'ndjson', 'csv', 'tsv', 'txt']);
/** Names that say "class list" when next to a model (coco80.json, classes.txt, labels.txt…). */
const LABELS_NAME = /(label|class|names|categor|coco|voc|imagenet)/i;
/**
 * Files that make an .onnx beside (or above) them a text or audio model
 * package, not an image model (`head.json`: a sound classifier's head beside
 * openWakeWord's feature models; `vocab.json`: a CTC recogniser's letters).
 */
const PACKAGE_DESCRIPTORS = new Set([
  'manifest.json',
  'config.json',
  'tokenizer.json',
  'tokenizer.bin',
  'tok512.bin',
  'head.json',
  'vocab.json',
]);
/** Other files of such a package, by name. */
const PACKAGE_FILES = new Set([
  ...PACKAGE_DESCRIPTORS,
  'tokenizer_config.json',
  'special_tokens_map.json',
  'generation_config.json',
  'preprocessor_config.json',
  'added_tokens.json',
  'normalizer.json',
  'vocab.txt',
  'merges.txt',
]);
/** System files that come along with folders. */
const JUNK = /^(\.ds_store|thumbs\.db|desktop\.ini)$|^\._/i;

export function extensionOf(name: string): string {
  const base = name.split('/').pop() ?? name;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash >= 0 ? path.slice(0, slash) : '';
}

function stemOf(path: string): string {
  const base = path.split('/').pop() ?? path;
  const dot = base.lastIndexOf('.');
  return (dot > 0 ? base.slice(0, dot) : base).toLowerCase();
}

export function isMediaFile(file: { name: string; type?: string }): boolean {
  const ext = extensionOf(file.name);
  return (
    IMAGE_EXT.has(ext) ||
    AUDIO_EXT.has(ext) ||
    (file.type?.startsWith('image/') ?? false) ||
    (file.type?.startsWith('audio/') ?? false)
  );
}

/**
 * A .txt/.json is a labels file only when a model comes in the same drop and
 * the file sits in the model's folder with a class-list-like name or the
 * model's own stem (`yolox.onnx` + `yolox.txt`); `.names` is always labels.
 */
function isLabelsFile(entry: DroppedFile, models: DroppedFile[]): boolean {
  const ext = extensionOf(entry.path);
  if (ext === 'names') return true;
  if (ext !== 'txt' && ext !== 'json') return false;
  const dir = dirOf(entry.path);
  const stem = stemOf(entry.path);
  return models.some((m) => {
    if (dirOf(m.path) !== dir) return false;
    const modelStem = stemOf(m.path);
    return stem === modelStem || stem.startsWith(`${modelStem}.`) || LABELS_NAME.test(stem);
  });
}

const baseOf = (path: string): string => path.split('/').pop() ?? path;

/** The folders holding a package descriptor with an .onnx in or under them. */
export function packageDirs(entries: readonly DroppedFile[]): string[] {
  const onnx = entries.filter((e) => extensionOf(e.path) === 'onnx').map((e) => e.path);
  const dirs = entries
    .filter((e) => PACKAGE_DESCRIPTORS.has(baseOf(e.path)))
    .map((e) => dirOf(e.path))
    .filter((dir) => onnx.some((p) => dir === '' || p.startsWith(`${dir}/`)));
  return [...new Set(dirs)];
}

/** Whether `path` is a file of the package in `dir` (its .onnx files, its descriptors). */
function inPackage(path: string, dir: string): boolean {
  const inside = dir === '' || path.startsWith(`${dir}/`);
  if (!inside) return false;
  const rel = dir === '' ? path : path.slice(dir.length + 1);
  return extensionOf(path) === 'onnx' || (!rel.includes('/') && PACKAGE_FILES.has(rel));
}

export function classifyDrop(entries: DroppedFile[]): ClassifiedDrop {
  const out: ClassifiedDrop = {
    configs: [],
    taskFiles: [],
    models: [],
    packages: [],
    labels: [],
    media: [],
    ignored: [],
  };
  const rest: DroppedFile[] = [];
  const dirs = packageDirs(entries);
  for (const entry of entries) {
    const base = baseOf(entry.path);
    if (JUNK.test(base)) out.ignored.push(entry);
    else if (dirs.some((dir) => inPackage(entry.path, dir))) out.packages.push(entry);
    else if (extensionOf(entry.path) === 'onnx') out.models.push(entry);
    else rest.push(entry);
  }
  for (const entry of rest) {
    const ext = extensionOf(entry.path);
    if (ext === 'xml') out.configs.push(entry);
    else if (isLabelsFile(entry, out.models)) out.labels.push(entry);
    else if (TASK_EXT.has(ext)) out.taskFiles.push(entry);
    else if (isMediaFile({ name: entry.path, type: entry.file.type })) out.media.push(entry);
    else out.ignored.push(entry);
  }
  return out;
}
