// Image heads from `prelabel train --backbone`: a dense head (logistic
// regression on a backbone's pooled features) as a <Choices> classifier on an
// <Image>. The package is the lone head .json; the backbone comes in the run
// options (the caller opens it) and must be the file the head was trained on.
import { parseHead, type DenseHead } from '../../learn/head';
import { imageFeaturesOf } from '../shared/image-features';
import type { PackageFamily, PackageListing, PackageMatch } from '../types';

interface Settings {
  file: string;
  head: DenseHead;
}

function recogniseImageHead(listing: PackageListing): PackageMatch<Settings> | null {
  const [file] = listing.files;
  if (listing.files.length !== 1 || !file?.endsWith('.json')) return null;
  const value = listing.json[file] as { learner?: unknown } | undefined;
  if (value?.learner !== 'dense-logreg') return null;
  const head = parseHead(value, file) as DenseHead;
  return {
    reason: 'an image head from prelabel train --backbone',
    model: file,
    id: head.modelVersion,
    settings: { file, head },
  };
}

export const imageHeadFamily: PackageFamily<'image', 'choices', Settings> = {
  kind: 'package',
  id: 'image-head',
  displayName: 'Image head (backbone features)',
  modality: 'image',
  resultKind: 'choices',
  builtins: [],
  expects: 'an image head file from `prelabel train --backbone`',
  recognise: recogniseImageHead,
  async open(_openSession, _read, match, options) {
    const { file, head } = match.settings;
    const trainedOn = head.features.backbone;
    const backbone = imageFeaturesOf(options);
    const named = trainedOn?.name ? ` (${trainedOn.name})` : '';
    if (!backbone) {
      throw new Error(
        `${file} is an image head on a backbone's features: pass --backbone with the backbone ONNX file it was trained on${named}`,
      );
    }
    if (trainedOn && backbone.ref.sha256 !== trainedOn.sha256) {
      throw new Error(
        `${file} was trained on the backbone${named} with SHA-256 ${trainedOn.sha256}, ` +
          `but --backbone ${backbone.ref.name ?? ''} has SHA-256 ${backbone.ref.sha256}: pass the backbone it was trained on`,
      );
    }
    const { openDenseHead } = await import('./dense-head');
    return openDenseHead(head, backbone);
  },
};
