// Which files of a dropped folder make a generation model: a llama2.c export
// (model.onnx + tokenizer.bin / tok*.bin) or a Hugging Face one
// (tokenizer.json + decoder_model_merged.onnx, model.onnx or decoder_model.onnx,
// at the top or under onnx/, with config.json and tokenizer_config.json).

export type LmPackage =
  | { kind: 'llama2c'; model: string; tokenizer: string }
  | { kind: 'hf'; model: string; tokenizer: string; config?: string; tokenizerConfig?: string };

const HF_MODELS = ['decoder_model_merged.onnx', 'model.onnx', 'decoder_model.onnx'];

const base = (path: string) => path.slice(path.lastIndexOf('/') + 1);

function find(names: readonly string[], wanted: string): string | undefined {
  return names.find((n) => n === wanted) ?? names.find((n) => base(n) === wanted);
}

/** Throws naming what is missing when the files are not a generation model. */
export function pickLmPackage(names: readonly string[]): LmPackage {
  const tokenizerJson = find(names, 'tokenizer.json');
  if (tokenizerJson) {
    const model = HF_MODELS.map((m) => find(names, m)).find((m) => m !== undefined);
    if (!model) {
      throw new Error(`tokenizer.json found, but none of ${HF_MODELS.join(', ')} is next to it`);
    }
    const pkg: LmPackage = { kind: 'hf', model, tokenizer: tokenizerJson };
    const config = find(names, 'config.json');
    const tokenizerConfig = find(names, 'tokenizer_config.json');
    if (config) pkg.config = config;
    if (tokenizerConfig) pkg.tokenizerConfig = tokenizerConfig;
    return pkg;
  }
  const bin = names.find((n) => /^(tokenizer|tok\d*)\.bin$/.test(base(n)));
  const onnx = names.filter((n) => n.toLowerCase().endsWith('.onnx'));
  if (bin && onnx.length === 1)
    return { kind: 'llama2c', model: onnx[0] as string, tokenizer: bin };
  throw new Error(
    'a generation model needs tokenizer.json with decoder_model_merged.onnx or model.onnx (Hugging Face), ' +
      'or one .onnx with a llama2.c tokenizer.bin / tok512.bin' +
      ` (got ${names.join(', ') || 'no files'})`,
  );
}
