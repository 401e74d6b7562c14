// Whisper's options on the command line (`--language`, `--speech-task`,
// `--max-tokens`) with a tiny random-weight Whisper graph and the real
// whisper-tiny tokenizer files: the decoder's first input ids (read off
// onnxruntime-node's session.run) follow the flags, the token limit cuts the
// transcripts, and a value the model does not take stops the run with a
// usage error naming the flag and the values it accepts.
import { readFileSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeTinyCtc } from '../../test/audio/tiny-ctc';
import { TOKENS, WHISPER_TOKENIZER_DIR, writeTinyWhisper } from '../../test/audio/tiny-whisper';
import { fixturesPresent } from '../../test/require-fixtures';
import { tempDirsRemovedAfterAll } from '../../test/temp-dirs';
import { textSink } from '../../test/text-sink';
import { BUILTIN_DIR } from './load-model';
import { main } from './main';

const AUDIO = resolve(process.cwd(), '../shared/fixtures/audio');
const SPEECH = join(AUDIO, 'speech-two-phrases-16k.wav');
const present = fixturesPresent(
  'Whisper options on the command line',
  SPEECH,
  WHISPER_TOKENIZER_DIR,
  join(BUILTIN_DIR, 'silero-vad/manifest.json'),
);
const tempDir = tempDirsRemovedAfterAll();
const TRANSLATE = 50358;

const REGIONS = `<View>
  <AudioPlus name="audio" value="$audio"/>
  <Labels name="speech" toName="audio"><Label value="Speech"/></Labels>
  <TextArea name="transcription" toName="audio" perRegion="true"/>
</View>`;

interface Written {
  predictions: { model_version: string; result: { type: string; value: { text?: string[] } }[] }[];
}

let whisper = '';
let work = '';
beforeAll(() => {
  if (!present) return;
  work = tempDir('prelabel-whisper-flags-');
  whisper = join(work, 'whisper-tiny');
  writeTinyWhisper(whisper, { cached: true });
  writeFileSync(join(work, 'config.xml'), REGIONS);
  writeFileSync(join(work, 'tasks.json'), JSON.stringify([{ id: 1, data: { audio: 'a.wav' } }]));
  symlinkSync(SPEECH, join(work, 'a.wav'));
});
afterEach(() => vi.restoreAllMocks());

/** The input_ids of every decoder call the run makes. */
function recordDecoderIds(): number[][] {
  const calls: number[][] = [];
  // InferenceSession is typed as a factory; at run time it is the class whose instances run.
  const proto = (ort.InferenceSession as unknown as { prototype: ort.InferenceSession }).prototype;
  const run = proto.run;
  vi.spyOn(proto, 'run').mockImplementation(function (
    this: ort.InferenceSession,
    ...args: Parameters<typeof run>
  ) {
    const ids = (args[0] as Record<string, ort.Tensor>).input_ids;
    if (ids) calls.push(Array.from(ids.data as BigInt64Array, Number));
    return run.apply(this, args);
  });
  return calls;
}

async function predict(model: string, ...flags: string[]) {
  const out = join(work, `out-${Math.random().toString(36).slice(2)}.json`);
  const err = textSink();
  const code = await main(
    [
      ...['predict', '--config', join(work, 'config.xml'), '--tasks', join(work, 'tasks.json')],
      ...['--model', model, '--out', out, ...flags],
    ],
    textSink().stream,
    err.stream,
  );
  const written = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as Written[]) : [];
  const prediction = written[0]?.predictions[0];
  const texts = (prediction?.result ?? [])
    .filter((r) => r.type === 'textarea')
    .map((r) => r.value.text?.[0]);
  return { code, stderr: err.text(), texts, version: prediction?.model_version };
}

describe.skipIf(!present)('prelabel predict --language / --speech-task / --max-tokens', () => {
  it('defaults to English transcription, as before the flags', async () => {
    const calls = recordDecoderIds();
    const { code, texts } = await predict(whisper);
    expect(code).toBe(0);
    const prompt = [TOKENS.sot, TOKENS.en, TOKENS.transcribe, TOKENS.noTimestamps];
    // One prompt per VAD segment (two phrases), each followed by one-token steps.
    expect(calls.filter((ids) => ids.length > 1)).toEqual([prompt, prompt]);
    expect(texts).toEqual(['Hello world.', 'Hello world.']);
  });

  it('--language fr --speech-task translate put <|fr|> <|translate|> in the prompt', async () => {
    const calls = recordDecoderIds();
    const { code, version } = await predict(
      whisper,
      ...['--language', 'FR', '--speech-task', 'translate'],
    );
    expect(code).toBe(0);
    expect(calls[0]).toEqual([TOKENS.sot, TOKENS.fr, TRANSLATE, TOKENS.noTimestamps]);
    // Different options, different predictions: a different model_version.
    expect(version).not.toBe((await predict(whisper)).version);
  });

  it('--language auto lets the model name the language of each segment', async () => {
    const calls = recordDecoderIds();
    expect((await predict(whisper, '--language', 'auto')).code).toBe(0);
    // This graph answers <|fr|> after <|startoftranscript|>.
    expect(calls.slice(0, 2)).toEqual([
      [TOKENS.sot],
      [TOKENS.sot, TOKENS.fr, TOKENS.transcribe, TOKENS.noTimestamps],
    ]);
  });

  it('--max-tokens cuts each transcript', async () => {
    expect((await predict(whisper, '--max-tokens', '1')).texts).toEqual(['Hello', 'Hello']);
  });

  it('an unknown language stops the run, naming the flag and the accepted values', async () => {
    const { code, stderr } = await predict(whisper, '--language', 'klingon');
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^--language klingon: .*whisper-tiny: not a language of this model \(generation_config.json lang_to_id\); accepted: af, am, ar, .* en, .* zh, auto\n/,
    );
  });

  it('a task other than transcribe or translate is a usage error before any work', async () => {
    const { code, stderr } = await predict(whisper, '--speech-task', 'summarise');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^--speech-task must be transcribe or translate, got "summarise"\n/);
  });

  it('refuses the flags for a CTC model and for a model that reads no speech', async () => {
    const ctc = join(work, 'ctc');
    writeTinyCtc(ctc);
    const refused = await predict(ctc, '--language', 'en');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /^--language en: .*ctc: a CTC model has no language or task setting \(Whisper models do\)\n/,
    );
    const text = await predict('builtin-entities', '--speech-task', 'translate');
    expect(text.code).toBe(2);
    expect(text.stderr).toMatch(
      /^--speech-task: for speech recognisers \(Whisper folders\); builtin-entities is not one\n/,
    );
  });

  it('--help documents the flags', async () => {
    const out = textSink();
    expect(await main(['predict', '--help'], out.stream, textSink().stream)).toBe(0);
    expect(out.text()).toMatch(/--language L +Whisper: the spoken language/);
    expect(out.text()).toMatch(/--speech-task T +Whisper: transcribe \(default\) or translate/);
    expect(out.text()).toMatch(/--max-tokens N +Whisper: most tokens per 30 s window/);
  });
});
