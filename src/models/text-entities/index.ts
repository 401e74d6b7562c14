export { BUILTIN_ENTITY_CLASSES } from './builtin-classes';
export { tagEntities } from './builtin-tagger';
export { BUILTIN_TAGGER, textEntitiesFamily } from './family';
export type { EntitySpan } from './span';
export { openTokenClassifier } from './token-classifier';
export type { TokenClassifier, TokenClassifierOptions } from './token-classifier';
