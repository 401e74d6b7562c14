// Deterministic result ids (fact sheet §2): the same run must export byte-identical
// files, so ids come from a prefix plus a counter rather than from randomness.

const VALID_ID = /^[A-Za-z0-9_-]+$/;

/** True when `id` is a non-empty string of `[A-Za-z0-9_-]` (what Label Studio accepts). */
export function isValidResultId(id: string): boolean {
  return VALID_ID.test(id);
}

/**
 * Returns a function yielding `${prefix}_${counter in base 36}`, counter from 0.
 * Invalid prefix characters become `-`. Ids are unique per generator and, because the
 * base-36 suffix never contains `_`, also across generators with different prefixes
 * (the last `_` splits an id back into prefix and counter).
 * Use one generator per task, e.g. `createIdGenerator(`t${taskIndex.toString(36)}`)`.
 */
export function createIdGenerator(prefix = 'r'): () => string {
  const safePrefix = prefix.replace(/[^A-Za-z0-9_-]/g, '-') || 'r';
  let counter = 0;
  return () => `${safePrefix}_${(counter++).toString(36)}`;
}
