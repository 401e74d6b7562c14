// A Whisper model package in the transformers.js / Optimum layout (as on
// Hugging Face: onnx-community/whisper-tiny, Xenova/whisper-tiny):
//   onnx/encoder_model{,_quantized,_fp16,…}.onnx
//   onnx/decoder_model_merged{,…}.onnx   (or decoder_model{,…}.onnx, no cache)
//   tokenizer.json, generation_config.json, preprocessor_config.json, config.json
// Runtime-neutral: the caller lists the files and opens sessions.

import type { AsrSession } from './asr-session';
import { parseTokenizerJson, type TokenVocabulary } from './byte-level-tokens';
import { featureSettingsFromConfig, type WhisperFeatureSettings } from './log-mel';
import { decoderLayout, type DecoderLayout } from './whisper-decoder';
import {
  whisperGeneration,
  type WhisperGeneration,
  type WhisperTaskOptions,
} from './whisper-prompt';

export interface PackageFiles {
  /** Paths relative to the package root, `/`-separated. */
  names: readonly string[];
  read(name: string): Promise<Uint8Array>;
}

export interface WhisperPackage {
  encoder: AsrSession;
  decoder: AsrSession;
  layout: DecoderLayout;
  vocabulary: TokenVocabulary;
  generation: WhisperGeneration;
  features: WhisperFeatureSettings;
  /** Which files were used (for model_version and messages). */
  files: { encoder: string; decoder: string };
}

export interface WhisperPackageOptions extends WhisperTaskOptions {
  /** Weights variant: '' (fp32), 'quantized', 'fp16', 'int8', 'q4'…; default: fp32, else the first found. */
  variant?: string;
}

const base = (name: string) => name.split('/').pop() ?? name;

/** The encoder or decoder file of the wanted variant. */
export function pickModelFile(
  names: readonly string[],
  stem: string,
  variant?: string,
): string | undefined {
  const candidates = names.filter((n) => {
    const b = base(n);
    return (
      b.startsWith(stem) && b.endsWith('.onnx') && /^(_[a-z0-9]+)?$/.test(b.slice(stem.length, -5))
    );
  });
  const wanted = variant ? `${stem}_${variant}.onnx` : `${stem}.onnx`;
  return candidates.find((n) => base(n) === wanted) ?? (variant ? undefined : candidates.sort()[0]);
}

async function readJson(
  files: PackageFiles,
  name: string,
  required: boolean,
): Promise<Record<string, unknown>> {
  const path = files.names.find((n) => base(n) === name);
  if (!path) {
    if (required)
      throw new Error(`Whisper package: ${name} is missing (files: ${files.names.join(', ')})`);
    return {};
  }
  const text = new TextDecoder().decode(await files.read(path));
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`Whisper package: ${name} is not valid JSON (${(error as Error).message})`, {
      cause: error,
    });
  }
}

export async function openWhisperPackage(
  files: PackageFiles,
  openSession: (bytes: Uint8Array, name: string) => Promise<AsrSession>,
  options: WhisperPackageOptions = {},
): Promise<WhisperPackage> {
  const encoderFile = pickModelFile(files.names, 'encoder_model', options.variant);
  const decoderFile =
    pickModelFile(files.names, 'decoder_model_merged', options.variant) ??
    pickModelFile(files.names, 'decoder_model', options.variant);
  if (!encoderFile || !decoderFile) {
    const variant = options.variant ? ` (variant "${options.variant}")` : '';
    throw new Error(
      `Whisper package: needs encoder_model*.onnx and decoder_model_merged*.onnx or decoder_model*.onnx${variant}; found ${files.names.join(', ')}`,
    );
  }
  const [tokenizer, generationConfig, preprocessor, config] = await Promise.all([
    readJson(files, 'tokenizer.json', true),
    readJson(files, 'generation_config.json', true),
    readJson(files, 'preprocessor_config.json', false),
    readJson(files, 'config.json', false),
  ]);
  // Options are checked before the sessions open (a wrong language fails at once).
  const generation = whisperGeneration(generationConfig, options);
  const encoder = await openSession(await files.read(encoderFile), encoderFile);
  const decoder = await openSession(await files.read(decoderFile), decoderFile);
  const heads =
    typeof config.decoder_attention_heads === 'number' ? config.decoder_attention_heads : undefined;
  const dModel = typeof config.d_model === 'number' ? config.d_model : undefined;
  return {
    encoder,
    decoder,
    layout: decoderLayout(decoder, {
      heads,
      headDim: heads && dModel ? dModel / heads : undefined,
    }),
    vocabulary: parseTokenizerJson(tokenizer),
    generation,
    features: featureSettingsFromConfig(preprocessor),
    files: { encoder: encoderFile, decoder: decoderFile },
  };
}
