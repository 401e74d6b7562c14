// The text generation family: a prompt (a template over the task's fields,
// or a <Paragraphs> dialogue) → a reply for <TextArea>. Packages: llama2.c
// (one .onnx + tokenizer.bin) or Hugging Face (tokenizer.json + model.onnx /
// decoder_model_merged.onnx).
import type { TextFamily } from '../shared/text-family';
import type { GenerateOptions, Generation } from './generate';
import { openTextGenerator } from './generator';
import { pickLmPackage } from './package-files';

export interface GenerationSettings extends GenerateOptions {
  /** The package's file names (to tell llama2.c from Hugging Face layouts). */
  files: readonly string[];
}

export const textGenerationFamily: TextFamily<string, Generation, Generation, GenerationSettings> =
  {
    id: 'text-generation',
    displayName: 'Text generation',
    modality: 'text',
    resultKind: 'textarea',
    builtins: [],
    async open(session, read, settings) {
      const { files, ...options } = settings;
      const generator = await openTextGenerator(pickLmPackage(files), session, read);
      return {
        classNames: [],
        async predict(prompt) {
          const out = await generator.generate(prompt, options);
          return { candidates: [out], raw: out };
        },
      };
    },
  };
