// The real llama2.c stories260K model (../shared/models/stories260k, MODELS.md).
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { openNodeTensorSession } from '../shared/node-tensor-session';
import { generate } from './generate';
import { llama2cLmTokenizer } from './llama2c-lm';
import { parseLlama2cTokenizer } from './llama2c-tokenizer';
import { openTextGenerator } from './generator';
import { readLmLayout } from './lm-layout';
import { pickLmPackage } from './package-files';
import { fixturesPresent } from '../../../test/require-fixtures';

const DIR = new URL('../../../../shared/models/stories260k/', import.meta.url);
const present = fixturesPresent('stories260K', new URL('model.onnx', DIR));

async function load() {
  const bytes = new Uint8Array(await readFile(new URL('tok512.bin', DIR)));
  const tokenizer = parseLlama2cTokenizer(bytes, 512);
  const session = await openNodeTensorSession(new URL('model.onnx', DIR).pathname);
  return { tokenizer, session, layout: readLmLayout(session) };
}

describe.skipIf(!present)('stories260K (llama2.c) generation', () => {
  it('opens as a package (model.onnx + tok512.bin) and writes the expected story', async () => {
    const session = await openNodeTensorSession(new URL('model.onnx', DIR).pathname);
    const read = {
      bytes: async (name: string) => new Uint8Array(await readFile(new URL(name, DIR))),
      text: (name: string) => readFile(new URL(name, DIR), 'utf8'),
    };
    const pkg = pickLmPackage(['model.onnx', 'tok512.bin']);
    const generator = await openTextGenerator(pkg, session, read);
    const out = await generator.generate('Once upon a time', { maxNewTokens: 11 });
    expect(out.text).toBe(', there was a little girl named Lily.');
  });

  it('encodes "Once upon a time" as MODELS.md says', async () => {
    const { tokenizer } = await load();
    expect(tokenizer.encode('Once upon a time')).toEqual([1, 403, 407, 261, 378]);
    expect(tokenizer.decode([1, 403, 407, 261, 378])).toBe('Once upon a time');
  });

  it('round-trips text with bytes outside the vocabulary (<0xXX> pieces)', async () => {
    const { tokenizer } = await load();
    const text = 'Zoë saw a 🦄 and said "wow"!';
    expect(tokenizer.decode(tokenizer.encode(text))).toBe(text);
  });

  it('greedy from "Once upon a time" gives the expected story', async () => {
    const { tokenizer, session, layout } = await load();
    expect(layout.past).toEqual([]); // no KV cache: the full sequence every step
    const prompt = 'Once upon a time';
    const out = await generate(session, layout, llama2cLmTokenizer(tokenizer), prompt, {
      maxNewTokens: 24,
    });
    expect(prompt + out.text).toMatch(
      /^Once upon a time, there was a little girl named Lily\. She loved to play outsid/,
    );
    expect(out.ids).toHaveLength(24);
    expect(out.stoppedBy).toBe('max-tokens');
    // a well-known continuation: the tiny model is sure of it, far above uniform (1/512)
    expect(out.score).toBeGreaterThan(0.3);
    expect(out.score).toBeLessThanOrEqual(1);
  });

  it('stops before a stop string and at EOS', async () => {
    const { tokenizer, session, layout } = await load();
    const lm = llama2cLmTokenizer(tokenizer);
    const stopped = await generate(session, layout, lm, 'Once upon a time', {
      maxNewTokens: 40,
      stop: ['.'],
    });
    expect(stopped).toMatchObject({
      text: ', there was a little girl named Lily',
      stoppedBy: 'stop',
    });
    // EOS: any id the tokenizer names as one ends the reply before it
    const full = await generate(session, layout, lm, 'Once upon a time', { maxNewTokens: 8 });
    const eos = full.ids[5] as number;
    const cut = await generate(session, layout, { ...lm, eos: [eos] }, 'Once upon a time');
    expect(cut.stoppedBy).toBe('eos');
    expect(cut.ids).toEqual(full.ids.slice(0, full.ids.indexOf(eos)));
  });

  it('gives the same greedy story on onnxruntime-web (WASM, the browser runtime) as on native', async () => {
    const { tokenizer } = await load();
    const wasm = await openNodeTensorSession(new URL('model.onnx', DIR).pathname, 'wasm');
    const out = await generate(
      wasm,
      readLmLayout(wasm),
      llama2cLmTokenizer(tokenizer),
      'Once upon a time',
      {
        maxNewTokens: 11,
      },
    );
    expect(out.text).toBe(', there was a little girl named Lily.');
  });

  it('drops the start of a prompt longer than the context when asked (dialogues)', async () => {
    const { tokenizer, session, layout } = await load();
    const lm = llama2cLmTokenizer(tokenizer);
    const long = 'Tom: I like the big red ball. '.repeat(80) + 'Once upon a time';
    await expect(generate(session, layout, lm, long, { maxNewTokens: 4 })).rejects.toThrow(
      /the model reads at most 512/,
    );
    const out = await generate(session, layout, lm, long, { maxNewTokens: 4, keepPromptEnd: true });
    expect(out.promptTokens).toBe(512 - 4);
    expect(out.ids).toHaveLength(4);
  });

  it('samples with a seed: the same seed gives the same text, another seed another', async () => {
    const { tokenizer, session, layout } = await load();
    const lm = llama2cLmTokenizer(tokenizer);
    const run = (seed: number) =>
      generate(session, layout, lm, 'Once upon a time', {
        strategy: 'sample',
        topK: 40,
        topP: 0.95,
        temperature: 1.2,
        seed,
        maxNewTokens: 30,
      });
    const [a, b, c] = [await run(7), await run(7), await run(8)];
    expect(a.text).toBe(b.text);
    expect(c.text).not.toBe(a.text);
  });
});
