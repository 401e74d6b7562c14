// `prelabel predict` with a wav2vec2-style CTC folder (one .onnx taking
// input_values + vocab.json; a tiny graph built in the test, test/audio/tiny-ctc.ts)
// on the real speech fixture: a per-region <TextArea> on the built-in VAD's
// <Labels> regions, and a whole-file <TextArea>. Each transcript is checked
// against the same graph run here on the same samples and decoded by the
// greedy CTC rules written out below; the file must validate against the config.
import { readFileSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { CTC_VOCAB, writeTinyCtc } from '../../test/audio/tiny-ctc';
import { fixturesPresent } from '../../test/require-fixtures';
import { tempDirsRemovedAfterAll } from '../../test/temp-dirs';
import { textSink } from '../../test/text-sink';
import { parseLabelingConfig } from '../core/config';
import { decodeAudioWhole } from '../core/audio/decode-stream';
import { validateTaskPredictions } from '../core/validate';
import { BUILTIN_DIR } from './load-model';
import { main } from './main';

const AUDIO = resolve(process.cwd(), '../shared/fixtures/audio');
const SPEECH = join(AUDIO, 'speech-two-phrases-16k.wav');
const SILENCE = join(AUDIO, 'silence-3s-16k.wav');
const present = fixturesPresent(
  'prelabel predict with a CTC model',
  SPEECH,
  SILENCE,
  join(BUILTIN_DIR, 'silero-vad/manifest.json'),
);
const tempDir = tempDirsRemovedAfterAll();

const REGIONS = `<View>
  <AudioPlus name="audio" value="$audio"/>
  <Labels name="speech" toName="audio"><Label value="Speech"/></Labels>
  <TextArea name="transcription" toName="audio" perRegion="true"/>
</View>`;

const WHOLE = `<View>
  <Audio name="audio" value="$audio"/>
  <TextArea name="transcript" toName="audio"/>
</View>`;

const TASKS = [
  { id: 1, data: { audio: 'speech.wav' } },
  { id: 2, data: { audio: 'silence.wav' } },
];

interface Result {
  id: string;
  type: string;
  from_name: string;
  to_name: string;
  value: { start?: number; end?: number; labels?: string[]; text?: string[] };
}
interface Written {
  id: number;
  data: Record<string, unknown>;
  predictions: { model_version: string; score?: number; result: Result[] }[];
}

/** The oracle: wav2vec2's normalisation, the graph, then greedy CTC spelled out. */
async function expectedText(session: ort.InferenceSession, samples: Float32Array) {
  const mean = samples.reduce((a, v) => a + v, 0) / samples.length;
  const variance = samples.reduce((a, v) => a + (v - mean) ** 2, 0) / samples.length;
  const input = samples.map((v) => (v - mean) / Math.sqrt(variance + 1e-7));
  const out = await session.run({
    input_values: new ort.Tensor('float32', input, [1, input.length]),
  });
  const logits = out.logits!;
  const [, frames, size] = logits.dims as [number, number, number];
  const data = logits.data as Float32Array;
  const tokens = Object.entries(CTC_VOCAB).sort((a, b) => a[1] - b[1]);
  const best: number[] = [];
  for (let f = 0; f < frames; f++) {
    const row = Array.from(data.subarray(f * size, (f + 1) * size));
    best.push(row.indexOf(Math.max(...row)));
  }
  return best
    .filter((t, f) => f === 0 || t !== best[f - 1]) // collapse repeats
    .map((t) => tokens[t]![0])
    .filter((t) => !['<pad>', '<s>', '</s>', '<unk>'].includes(t)) // the blank, specials
    .map((t) => (t === '|' ? ' ' : t)) // word delimiter
    .join('')
    .replace(/ +/g, ' ')
    .trim();
}

async function run(config: string) {
  const dir = tempDir('prelabel-ctc-');
  const model = join(dir, 'wav2vec2-tiny');
  writeTinyCtc(model);
  writeFileSync(join(dir, 'config.xml'), config);
  writeFileSync(join(dir, 'tasks.json'), JSON.stringify(TASKS));
  symlinkSync(SPEECH, join(dir, 'speech.wav'));
  symlinkSync(SILENCE, join(dir, 'silence.wav'));
  const out = join(dir, 'out.json');
  const err = textSink();
  const code = await main(
    [
      ...['predict', '--config', join(dir, 'config.xml'), '--tasks', join(dir, 'tasks.json')],
      ...['--model', model, '--out', out],
    ],
    textSink().stream,
    err.stream,
  );
  if (!existsSync(out)) throw new Error(`no output (exit ${code}): ${err.text()}`);
  const written = JSON.parse(readFileSync(out, 'utf8')) as Written[];
  const session = await ort.InferenceSession.create(join(model, 'model.onnx'));
  const samples = await decodeAudioWhole(new Uint8Array(readFileSync(SPEECH)));
  return { code, stderr: err.text(), written, session, samples };
}

function expectValid(written: Written[], config: string) {
  const parsed = parseLabelingConfig(config);
  for (const task of written) {
    expect(validateTaskPredictions(task, task.predictions, parsed)).toEqual([]);
  }
}

describe.skipIf(!present)('prelabel predict with a CTC (wav2vec2-style) folder', () => {
  it('fills the per-region <TextArea> of each VAD region with its greedy CTC transcript', async () => {
    const { code, stderr, written, session, samples } = await run(REGIONS);
    expect(code).toBe(0);
    expect(stderr).toMatch(
      /wav2vec2-tiny \(audio-asr\) → "speech" \(labels\) \+ "transcription" \(textarea per region\) on "audio" on silero-vad segments/,
    );
    expect(written.map((t) => t.id)).toEqual([1, 2]);
    const result = written[0]!.predictions[0]!.result;
    expect(written[0]!.predictions[0]!.model_version).toMatch(/^wav2vec2-tiny@[0-9a-f]{8}$/);
    expect(result.map((r) => [r.type, r.from_name, r.to_name])).toEqual([
      ['labels', 'speech', 'audio'],
      ['textarea', 'transcription', 'audio'],
      ['labels', 'speech', 'audio'],
      ['textarea', 'transcription', 'audio'],
    ]);
    const texts: string[] = [];
    for (const pair of [0, 2]) {
      const [region, text] = [result[pair]!, result[pair + 1]!];
      // The transcript shares its region's id and repeats its extent.
      expect(text.id).toBe(region.id);
      expect([text.value.start, text.value.end]).toEqual([region.value.start, region.value.end]);
      expect(region.value.labels).toEqual(['Speech']);
      const [a, b] = [region.value.start!, region.value.end!].map((s) => Math.round(s * 16000));
      const expected = await expectedText(session, samples.slice(a, b));
      expect(text.value.text).toEqual([expected]);
      texts.push(expected);
    }
    // Real speech through this graph spells words of several letters.
    for (const text of texts) expect(text).toMatch(/^[ETAO]+( [ETAO]+)+$/);
    expect(written[1]!.predictions[0]!.result).toEqual([]); // silence: no region
    expectValid(written, REGIONS);
    await session.release();
  });

  it('fills a whole-file <TextArea> with the transcript of the file', async () => {
    const { code, stderr, written, session, samples } = await run(WHOLE);
    expect(code).toBe(0);
    expect(stderr).toMatch(/→ "transcript" \(textarea, whole file\) on "audio"/);
    const result = written[0]!.predictions[0]!.result;
    expect(result).toHaveLength(1);
    expect(result[0]).toMatchObject({
      type: 'textarea',
      from_name: 'transcript',
      to_name: 'audio',
    });
    expect(Object.keys(result[0]!.value)).toEqual(['text']);
    const expected = await expectedText(session, samples); // 11 s: one 30 s window
    expect(expected).toMatch(/^[ETAO]+( [ETAO]+)+$/);
    expect(result[0]!.value.text).toEqual([expected]);
    // Silence normalised is noise-level: whatever it spells, it is the oracle's.
    const silence = await decodeAudioWhole(new Uint8Array(readFileSync(SILENCE)));
    const quiet = await expectedText(session, silence);
    const silent = written[1]!.predictions[0]!.result;
    expect(silent.map((r) => r.value.text)).toEqual(quiet ? [[quiet]] : []);
    expectValid(written, WHOLE);
    await session.release();
  });
});
