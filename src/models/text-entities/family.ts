// The entities family: text → spans for <Labels> on <Text>/<HyperText>.
// Built in: the weights-free tagger. From a package: a BERT-style token
// classifier (model.onnx + tokenizer.json + config.json with BIO id2label).
import { id2labelNames } from '../shared/id2label';
import type { BuiltinPackage, PackageFamily, SpanCandidate } from '../types';
import { BUILTIN_ENTITY_CLASSES } from './builtin-classes';
import type { TokenClassifierOptions } from './token-classifier';

export const BUILTIN_TAGGER: BuiltinPackage<string, SpanCandidate> = {
  id: 'builtin-entities',
  name: 'Built-in entity tagger (compromise + wink-nlp, English, no weights)',
  license: 'MIT',
  source: 'npm: compromise, wink-nlp, wink-eng-lite-web-model',
  task: 'ner',
  async open() {
    const { tagEntities } = await import('./builtin-tagger');
    return {
      classNames: BUILTIN_ENTITY_CLASSES,
      predict: async (text: string) => {
        const spans = tagEntities(text);
        return { candidates: spans, raw: spans };
      },
    };
  },
};

/** A Hugging Face config.json of a token classifier: the architecture, or BIO tags in id2label. */
function isTokenClassifier(config: unknown): boolean {
  if (typeof config !== 'object' || config === null) return false;
  const { architectures, id2label } = config as { architectures?: unknown; id2label?: unknown };
  const archs = Array.isArray(architectures) ? architectures : [];
  if (archs.some((a) => typeof a === 'string' && a.endsWith('ForTokenClassification'))) return true;
  const tags = Object.values((id2label ?? {}) as Record<string, unknown>);
  return tags.some((t) => typeof t === 'string' && /^[BIES][-_]/.test(t));
}

export const textEntitiesFamily: PackageFamily<'text', 'span', TokenClassifierOptions> = {
  kind: 'package',
  id: 'text-entities',
  displayName: 'Entities (NER)',
  modality: 'text',
  resultKind: 'span',
  builtins: [BUILTIN_TAGGER],
  expects: 'a token classifier (model.onnx + tokenizer.json + config.json with BIO id2label)',
  recognise({ files, json }) {
    if (!files.includes('tokenizer.json') || !isTokenClassifier(json['config.json'])) return null;
    const model = files.find((n) => n === 'model.onnx' || n === 'onnx/model.onnx');
    if (!model) throw new Error('a token classifier needs model.onnx next to tokenizer.json');
    return { reason: 'a token classifier (config.json with BIO id2label)', model, settings: {} };
  },
  async open(openSession, read, match) {
    const tagNames = id2labelNames('config.json', await read.text('config.json'));
    if (!tagNames) throw new Error('config.json: has no id2label (the BIO tag of each output)');
    const tokConfig = await read.text('tokenizer_config.json').catch(() => undefined);
    const { loadHfTokenizer } = await import('../shared/hf-tokenizer');
    const { openTokenClassifier } = await import('./token-classifier');
    const tokenizer = loadHfTokenizer(await read.text('tokenizer.json'), tokConfig);
    const session = await openSession(match.model);
    const model = openTokenClassifier(session, tokenizer, tagNames, match.settings);
    return {
      classNames: model.classNames,
      async predict(text) {
        const spans = await model.tagEntities(text);
        return { candidates: spans, raw: spans };
      },
    };
  },
};
