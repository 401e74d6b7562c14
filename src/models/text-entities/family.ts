// The entities family: text → spans for <Labels> on <Text>/<HyperText>.
// Built in: the weights-free tagger. From a package: a BERT-style token
// classifier (model.onnx + tokenizer.json + config.json with BIO id2label).
import { loadHfTokenizer } from '../shared/hf-tokenizer';
import { id2labelNames } from '../shared/id2label';
import type { TextFamily } from '../shared/text-family';
import { BUILTIN_ENTITY_CLASSES } from './builtin-classes';
import { tagEntities } from './builtin-tagger';
import type { EntitySpan } from './span';
import type { TokenClassifierOptions } from './token-classifier';
import { openTokenClassifier } from './token-classifier';

export const BUILTIN_TAGGER = {
  id: 'builtin-entities',
  name: 'Built-in entity tagger (compromise + wink-nlp, English, no weights)',
  license: 'MIT',
  source: 'npm: compromise, wink-nlp, wink-eng-lite-web-model',
  open: () => ({
    classNames: BUILTIN_ENTITY_CLASSES,
    predict: async (text: string) => {
      const spans = tagEntities(text);
      return { candidates: spans, raw: spans };
    },
  }),
};

export const textEntitiesFamily: TextFamily<
  string,
  EntitySpan,
  EntitySpan[],
  TokenClassifierOptions
> = {
  id: 'text-entities',
  displayName: 'Entities (NER)',
  modality: 'text',
  resultKind: 'span',
  builtins: [BUILTIN_TAGGER],
  async open(session, read, settings) {
    const tagNames = id2labelNames('config.json', await read.text('config.json'));
    if (!tagNames) throw new Error('config.json: has no id2label (the BIO tag of each output)');
    const tokConfig = await read.text('tokenizer_config.json').catch(() => undefined);
    const tokenizer = loadHfTokenizer(await read.text('tokenizer.json'), tokConfig);
    const model = openTokenClassifier(session, tokenizer, tagNames, settings);
    return {
      classNames: model.classNames,
      async predict(text) {
        const spans = await model.tagEntities(text);
        return { candidates: spans, raw: spans };
      },
    };
  },
};
