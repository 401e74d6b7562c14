// The Whisper path end to end on onnxruntime-node with a tiny graph built in
// the test (test/audio/tiny-whisper.ts) and the real whisper-tiny tokenizer
// files: features → encoder → greedy decoding with the forced prompt → text,
// per VAD-style segment of the real speech fixture. No real Whisper weights
// exist offline; the graph is designed so its output says whether the
// plumbing (features reach the decoder, cache fed back, tokens decoded) works.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeAudioChunks } from '../../core/audio/decode-stream';
import { samplesOfSpans } from '../../core/audio/segment-samples';
import { TOKENS, WHISPER_TOKENIZER_DIR, writeTinyWhisper } from '../../../test/audio/tiny-whisper';
import type { AsrSession, AsrTensor } from './asr-session';
import { loadNodeWhisper } from './node-asr';
import { whisperTranscriber } from './whisper-transcriber';
import { whisperGeneration } from './whisper-prompt';
import { OptionValueError } from '../shared/errors';
import { fixturesPresent } from '../../../test/require-fixtures';

const speech = resolve(process.cwd(), '../shared/fixtures/audio/speech-two-phrases-16k.wav');
const available = fixturesPresent('Whisper plumbing tests', WHISPER_TOKENIZER_DIR, speech);
if (!available)
  console.warn(
    'skipping the Whisper plumbing tests: ../shared (whisper-tiny tokenizer, speech fixture) is absent',
  );

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const packages = new Map<boolean, string>();
/** One package folder per layout, written once (building the graphs takes seconds). */
function tinyPackage(cached: boolean): string {
  const known = packages.get(cached);
  if (known) return known;
  const dir = mkdtempSync(join(tmpdir(), 'prelabel-whisper-'));
  dirs.push(dir);
  writeTinyWhisper(dir, { cached });
  packages.set(cached, dir);
  return dir;
}

/** Wraps the decoder to record what each step was fed. */
function spy(
  session: AsrSession,
  log: { ids: number[]; pastLength: number; branch?: number }[],
): AsrSession {
  return {
    ...session,
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    inputMetadata: session.inputMetadata,
    run(feeds: Record<string, AsrTensor>) {
      log.push({
        ids: Array.from(feeds.input_ids!.data as BigInt64Array, Number),
        pastLength: feeds['past_key_values.0.decoder.key']?.dims[2] ?? -1,
        branch: feeds.use_cache_branch ? (feeds.use_cache_branch.data as Uint8Array)[0] : undefined,
      });
      return session.run(feeds);
    },
  };
}

// The VAD's segments of this fixture (audio-vad tests) plus a stretch of its silence.
const SPANS = [
  { start: 1.4, end: 4.2 },
  { start: 4.5, end: 6.0 },
  { start: 6.1, end: 9.5 },
];

describe.runIf(available)('Whisper (tiny random-weight graph, real tokenizer)', () => {
  it.each([
    ['merged decoder with a cache', true],
    ['plain decoder without a cache', false],
  ])('%s: transcribes each segment of real speech, and silence differently', async (_, cached) => {
    const pkg = await loadNodeWhisper(tinyPackage(cached));
    expect(pkg.layout.cached).toBe(cached);
    expect(pkg.files.decoder).toBe(
      cached ? 'onnx/decoder_model_merged.onnx' : 'onnx/decoder_model.onnx',
    );
    const transcribe = whisperTranscriber(pkg);
    const texts: string[] = [];
    const bytes = new Uint8Array(readFileSync(speech));
    for await (const { samples } of samplesOfSpans(
      decodeAudioChunks(bytes, { chunkSeconds: 2 }),
      SPANS,
    )) {
      const { text, score } = await transcribe(samples);
      texts.push(text);
      expect(score).toBeGreaterThan(0.5);
      expect(score).toBeLessThanOrEqual(1);
    }
    expect(texts).toEqual(['Hello world.', 'No speech.', 'Hello world.']);
  });

  it('forces the language and task tokens, then feeds one token and the growing cache per step', async () => {
    const pkg = await loadNodeWhisper(tinyPackage(true), { language: 'en', task: 'transcribe' });
    const log: { ids: number[]; pastLength: number; branch?: number }[] = [];
    pkg.decoder = spy(pkg.decoder, log);
    const audio = new Float32Array(16000); // silence → " No speech." (4 steps)
    const { text } = await whisperTranscriber(pkg)(audio);
    expect(text).toBe('No speech.');
    // Without the forced <|en|>, this model would have gone <|startoftranscript|> → <|fr|>.
    expect(log[0]).toEqual({
      ids: [TOKENS.sot, TOKENS.en, TOKENS.transcribe, TOKENS.noTimestamps],
      pastLength: 0,
      branch: 0,
    });
    expect(log.slice(1).map((s) => [s.ids.length, s.pastLength, s.branch])).toEqual([
      [1, 4, 1],
      [1, 5, 1],
      [1, 6, 1],
    ]);
  });

  it('translate and another language change the prompt; an unknown language is named', async () => {
    const dir = tinyPackage(true);
    const pkg = await loadNodeWhisper(dir, { language: 'fr', task: 'translate' });
    expect(pkg.generation.prompt).toEqual([TOKENS.sot, TOKENS.fr, 50358, TOKENS.noTimestamps]);
    await expect(loadNodeWhisper(dir, { language: 'xx' })).rejects.toThrow(
      /language "xx": not a language of this model/,
    );
  });

  it('language auto asks the decoder for the language, then decodes with it in the prompt', async () => {
    const pkg = await loadNodeWhisper(tinyPackage(true), { language: 'auto' });
    const log: { ids: number[]; pastLength: number; branch?: number }[] = [];
    pkg.decoder = spy(pkg.decoder, log);
    await whisperTranscriber(pkg)(new Float32Array(16000));
    // This graph goes <|startoftranscript|> → <|fr|>: the detection step, then a fresh prompt.
    expect(log[0]).toEqual({ ids: [TOKENS.sot], pastLength: 0, branch: 0 });
    expect(log[1]).toEqual({
      ids: [TOKENS.sot, TOKENS.fr, TOKENS.transcribe, TOKENS.noTimestamps],
      pastLength: 0,
      branch: 0,
    });
  });

  it('stops at the token limit', async () => {
    const pkg = await loadNodeWhisper(tinyPackage(false));
    expect((await whisperTranscriber(pkg, 1)(new Float32Array(16000))).text).toBe('No');
    expect((await whisperTranscriber(pkg, 2)(new Float32Array(16000))).text).toBe('No speech');
  });

  it('refuses an option value the model does not take, naming the option and what it accepts', async () => {
    const config = JSON.parse(
      readFileSync(join(WHISPER_TOKENIZER_DIR, 'generation_config.json'), 'utf8'),
    ) as Record<string, unknown>;
    const refusal = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return error as OptionValueError;
      }
      throw new Error('no error');
    };
    const language = refusal(() => whisperGeneration(config, { language: 'xx' }));
    expect(language).toBeInstanceOf(OptionValueError);
    expect(language.option).toBe('language');
    expect(language.accepted).toEqual(expect.arrayContaining(['en', 'fr', 'de', 'auto']));
    expect(language.accepted).toHaveLength(100); // whisper-tiny's 99 languages + auto
    const task = refusal(() => whisperGeneration(config, { task: 'summarise' }));
    expect([task.option, task.accepted]).toEqual(['task', ['transcribe', 'translate']]);
    const english = { ...config, is_multilingual: false };
    expect(whisperGeneration(english, { language: 'en' }).prompt).toEqual([
      TOKENS.sot,
      TOKENS.noTimestamps,
    ]);
    const onlyEnglish = refusal(() => whisperGeneration(english, { task: 'translate' }));
    expect(onlyEnglish.message).toBe(
      'task "translate": an English-only model; accepted: transcribe',
    );
  });

  it('says which file is missing from a package', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prelabel-whisper-empty-'));
    dirs.push(dir);
    await expect(loadNodeWhisper(dir)).rejects.toThrow(
      /needs encoder_model\*\.onnx and decoder_model_merged\*\.onnx/,
    );
  });
});
