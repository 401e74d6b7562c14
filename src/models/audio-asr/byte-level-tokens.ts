// Token ids → text for byte-level BPE vocabularies (GPT-2, Whisper): each
// vocabulary entry is a string of "visible" characters that stand for bytes
// (GPT-2's bytes_to_unicode table); decoding maps them back to bytes and reads
// UTF-8. Only decoding is needed here: the prompt is made of special ids.

export interface TokenVocabulary {
  /** Entry of each id (vocabulary and added tokens). */
  tokens: Map<number, string>;
  /** Ids of special tokens (<|en|>, <|endoftext|>…), left out of transcripts. */
  special: Set<number>;
  idOf(token: string): number | undefined;
}

/** GPT-2's table: printable bytes map to themselves, the rest to U+0100 onwards. */
function unicodeToByte(): Map<string, number> {
  const printable: number[] = [];
  for (let b = 33; b <= 126; b++) printable.push(b);
  for (let b = 161; b <= 172; b++) printable.push(b);
  for (let b = 174; b <= 255; b++) printable.push(b);
  const map = new Map<string, number>();
  const set = new Set(printable);
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    const code = set.has(b) ? b : 256 + extra++;
    map.set(String.fromCodePoint(code), b);
  }
  return map;
}
const BYTE_OF = unicodeToByte();

/** Reads a Hugging Face `tokenizer.json` (BPE model with a ByteLevel decoder). */
export function parseTokenizerJson(json: unknown, name = 'tokenizer.json'): TokenVocabulary {
  const root = json as {
    model?: { type?: string; vocab?: Record<string, number> };
    added_tokens?: { id: number; content: string; special?: boolean }[];
    decoder?: { type?: string };
  };
  const vocab = root?.model?.vocab;
  if (!vocab || typeof vocab !== 'object')
    throw new Error(`${name}: no model.vocab (expected a BPE tokenizer)`);
  if (root.decoder?.type !== undefined && root.decoder.type !== 'ByteLevel') {
    throw new Error(
      `${name}: decoder "${root.decoder.type}" is not ByteLevel; only byte-level BPE is read`,
    );
  }
  const tokens = new Map<number, string>();
  const ids = new Map<string, number>();
  for (const [token, id] of Object.entries(vocab)) {
    tokens.set(id, token);
    ids.set(token, id);
  }
  const special = new Set<number>();
  for (const added of root.added_tokens ?? []) {
    tokens.set(added.id, added.content);
    ids.set(added.content, added.id);
    // Whisper's timestamp tokens are "not special" in the file but are never text.
    if (added.special || /^<\|.*\|>$/.test(added.content)) special.add(added.id);
  }
  return { tokens, special, idOf: (token) => ids.get(token) };
}

/** The text of `ids`, special tokens skipped, bytes joined before UTF-8 decoding. */
export function decodeTokens(vocab: TokenVocabulary, ids: readonly number[]): string {
  const bytes: number[] = [];
  for (const id of ids) {
    if (vocab.special.has(id)) continue;
    const token = vocab.tokens.get(id);
    if (token === undefined) continue;
    for (const ch of token) {
      const b = BYTE_OF.get(ch);
      if (b !== undefined) bytes.push(b);
    }
  }
  return new TextDecoder().decode(Uint8Array.from(bytes));
}
