// The text classification family: text → every class's probability, for
// <Choices> on a <Text>/<HyperText>/<Paragraphs>. Packages: a manifest naming
// the tokenizer scheme (word-vocab or tokenizer.json) and the class names.
import type { TextFamily } from '../shared/text-family';
import type { TextClassCandidate } from './classifier';
import { openTextClassifier } from './classifier';
import type { TextClassifierManifest } from './manifest';

export const textClassificationFamily: TextFamily<
  string,
  TextClassCandidate,
  Float32Array,
  TextClassifierManifest
> = {
  id: 'text-classification',
  displayName: 'Text classification',
  modality: 'text',
  resultKind: 'choices',
  builtins: [],
  async open(session, read, manifest) {
    const model = await openTextClassifier(manifest, session, (name) => read.text(name));
    return {
      classNames: model.classNames,
      async predict(text) {
        const { classes, probabilities } = await model.classify(text);
        return { candidates: classes, raw: probabilities };
      },
    };
  },
};
