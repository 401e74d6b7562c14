// Class names from a Hugging Face `config.json` (`id2label`: {"0": "O", …}).

export function id2labelNames(fileName: string, text: string): string[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const map = (value as { id2label?: unknown } | null)?.id2label;
  if (typeof map !== 'object' || map === null) return undefined;
  const entries = Object.entries(map as Record<string, unknown>);
  const names: string[] = [];
  for (const [key, name] of entries) {
    const index = Number(key);
    if (
      !Number.isInteger(index) ||
      index < 0 ||
      index >= entries.length ||
      typeof name !== 'string'
    ) {
      throw new Error(`${fileName}: id2label must map 0..${entries.length - 1} to names`);
    }
    names[index] = name;
  }
  return names;
}
