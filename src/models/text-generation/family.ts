// The text generation family: a prompt (a template over the task's fields,
// or a <Paragraphs> dialogue) → a reply for <TextArea>. Packages: llama2.c
// (one .onnx + tokenizer.bin) or Hugging Face (tokenizer.json + model.onnx /
// decoder_model_merged.onnx).
import type { PackageFamily, PackagePredictor, ReplyCandidate } from '../types';
import type { GenerateOptions } from './generate';
import { pickLmPackage, type LmPackage } from './package-files';

/** The run's options a generation reads: `generation` (sampling, limits, stops). */
export interface GenerationSettings {
  generation?: GenerateOptions;
}

export const textGenerationFamily: PackageFamily<'text', 'textarea', LmPackage> = {
  kind: 'package',
  id: 'text-generation',
  displayName: 'Text generation',
  modality: 'text',
  resultKind: 'textarea',
  builtins: [],
  expects:
    'a generation model (llama2.c: one .onnx + tokenizer.bin; Hugging Face: tokenizer.json + model.onnx or decoder_model_merged.onnx)',
  recognise({ files }) {
    let pkg: LmPackage;
    try {
      pkg = pickLmPackage(files);
    } catch {
      return null;
    }
    return {
      reason: pkg.kind === 'hf' ? 'a Hugging Face causal LM' : 'a llama2.c model',
      model: pkg.model,
      settings: pkg,
    };
  },
  async open(openSession, read, match, options) {
    const base = (options as GenerationSettings).generation ?? {};
    const { openTextGenerator } = await import('./generator');
    const generator = await openTextGenerator(match.settings, await openSession(match.model), read);
    const predictor = (generation: GenerateOptions): PackagePredictor<string, ReplyCandidate> => ({
      classNames: [],
      async predict(prompt) {
        const out = await generator.generate(prompt, generation);
        return { candidates: [out], raw: out };
      },
      // a run's own settings over those it was opened with (the app's run settings)
      withOptions: (run) => predictor({ ...base, ...(run as GenerationSettings).generation }),
    });
    return predictor(base);
  },
};
