// The text classification family: text → every class's probability, for
// <Choices> on a <Text>/<HyperText>/<Paragraphs>. Packages: a folder whose
// manifest.json (family text-classification) names the tokenizer scheme
// (word-vocab or tokenizer.json) and the class names; or a head file from
// `prelabel train` (hashed TF-IDF + logistic regression, no ONNX).
import { parseHead, type TextHead } from '../../learn/head';
import type { PackageFamily, PackageListing, PackageMatch } from '../types';
import { parseTextClassifierManifest, type TextClassifierManifest } from './manifest';

type Settings = { manifest: TextClassifierManifest } | { head: TextHead };

/** A lone .json: a head file from `prelabel train` (parseHead names the file when it is not one). */
function recogniseHead(listing: PackageListing): PackageMatch<Settings> | null {
  const [file] = listing.files;
  if (listing.files.length !== 1 || !file?.endsWith('.json')) return null;
  // Image heads (learner dense-logreg) belong to the image-head family.
  if ((listing.json[file] as { learner?: unknown } | undefined)?.learner === 'dense-logreg') {
    return null;
  }
  const head = parseHead(listing.json[file], file);
  if (head.learner !== 'text-tfidf-logreg') return null;
  return {
    reason: 'a text head from prelabel train',
    model: file,
    id: head.modelVersion,
    settings: { head },
  };
}

export const textClassificationFamily: PackageFamily<'text', 'choices', Settings> = {
  kind: 'package',
  id: 'text-classification',
  displayName: 'Text classification',
  modality: 'text',
  resultKind: 'choices',
  builtins: [],
  expects:
    'a text classifier (manifest.json of family text-classification) or a head file from `prelabel train`',
  recognise(listing) {
    const manifest = listing.json['manifest.json'] as { family?: unknown } | undefined;
    if (manifest?.family === 'text-classification') {
      const parsed = parseTextClassifierManifest('manifest.json', manifest);
      return {
        reason: 'manifest.json of family text-classification',
        model: parsed.file,
        id: parsed.id,
        settings: { manifest: parsed },
      };
    }
    return recogniseHead(listing);
  },
  async open(openSession, read, match) {
    if ('head' in match.settings) {
      const { openLearnedHead } = await import('./learned-head');
      return openLearnedHead(match.settings.head);
    }
    const { manifest } = match.settings;
    const { openTextClassifier } = await import('./classifier');
    const model = await openTextClassifier(manifest, await openSession(manifest.file), (name) =>
      read.text(name),
    );
    return {
      classNames: model.classNames,
      async predict(text) {
        const { classes, probabilities } = await model.classify(text);
        return { candidates: classes, raw: probabilities };
      },
    };
  },
};
