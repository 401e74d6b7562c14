// The choices a control got, from an annotation's results (Label Studio JSON)
// or from a flattened export cell (JSON-MIN, CSV).

/** Choices given to control `name` in a result list; undefined when it has none. */
export function choicesInResults(results: unknown, name: string): string[] | undefined {
  if (!Array.isArray(results)) return undefined;
  let found: string[] | undefined;
  for (const r of results) {
    if (typeof r !== 'object' || r === null) continue;
    const item = r as Record<string, unknown>;
    if (item.from_name !== name || String(item.type).toLowerCase() !== 'choices') continue;
    const value = item.value as Record<string, unknown> | undefined;
    const choices = value?.choices;
    if (Array.isArray(choices)) {
      found = [...(found ?? []), ...choices.filter((c): c is string => typeof c === 'string')];
    }
  }
  return found;
}

/**
 * JSON-MIN writes one choice as the string itself and several as
 * `{"choices": [...]}`; CSV writes that object as JSON text. Undefined: no answer.
 */
export function choicesInCell(cell: unknown): string[] | undefined {
  if (typeof cell === 'string') {
    const text = cell.trim();
    if (text === '') return undefined;
    if (text.startsWith('{') || text.startsWith('[')) {
      try {
        return choicesInCell(JSON.parse(text));
      } catch {
        return [cell];
      }
    }
    return [cell];
  }
  if (Array.isArray(cell)) {
    const list = cell.filter((c): c is string => typeof c === 'string');
    return list.length ? list : undefined;
  }
  if (typeof cell === 'object' && cell !== null) {
    return choicesInCell((cell as Record<string, unknown>).choices);
  }
  return undefined;
}
