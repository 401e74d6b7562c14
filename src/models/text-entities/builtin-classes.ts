// The built-in tagger's fixed class list: mapped onto a config's <Labels>
// like a vision model's class names ("Person" ~ "PER" needs a mapping).

export const BUILTIN_ENTITY_CLASSES = [
  'Person',
  'Place',
  'Organization',
  'Phone',
  'Date',
  'Time',
  'Money',
  'Percent',
  'Email',
  'URL',
  'Hashtag',
  'Mention',
] as const;

export type BuiltinEntityClass = (typeof BUILTIN_ENTITY_CLASSES)[number];

export function builtinClassIndex(name: BuiltinEntityClass): number {
  return BUILTIN_ENTITY_CLASSES.indexOf(name);
}
