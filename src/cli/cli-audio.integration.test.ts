// `prelabel predict` on audio configs, on the real speech fixtures
// (../shared/fixtures/audio): the built-in VAD (`silero-vad`) → <Labels>
// regions; a Whisper folder (tiny graph, real tokenizer) → a per-region
// <TextArea> on the VAD's segments, or one for the whole file.
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WHISPER_TOKENIZER_DIR, writeTinyWhisper } from '../../test/audio/tiny-whisper';
import { fixturesPresent } from '../../test/require-fixtures';
import { textSink } from '../../test/text-sink';
import { BUILTIN_DIR } from './load-model';
import { main } from './main';

const AUDIO = resolve(process.cwd(), '../shared/fixtures/audio');
const present = fixturesPresent(
  'prelabel predict on audio',
  join(AUDIO, 'speech-two-phrases-16k.wav'),
  join(AUDIO, 'silence-3s-16k.wav'),
  WHISPER_TOKENIZER_DIR,
  join(BUILTIN_DIR, 'silero-vad/manifest.json'),
);

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
  { id: 3, data: { audio: 'missing.wav' } },
];

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};

interface Written {
  id: number;
  predictions: {
    model_version: string;
    result: { id: string; type: string; from_name: string; value: Record<string, unknown> }[];
  }[];
}

async function run(config: string, model: string) {
  const dir = tempDir('prelabel-audio-');
  writeFileSync(join(dir, 'config.xml'), config);
  writeFileSync(join(dir, 'tasks.json'), JSON.stringify(TASKS));
  symlinkSync(join(AUDIO, 'speech-two-phrases-16k.wav'), join(dir, 'speech.wav'));
  symlinkSync(join(AUDIO, 'silence-3s-16k.wav'), join(dir, 'silence.wav'));
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
  return { code, stderr: err.text(), byId: (id: number) => written.find((t) => t.id === id)! };
}

describe.skipIf(!present)('prelabel predict on an audio config', () => {
  it('--model silero-vad writes a <Labels> region per phrase; a missing file fails by name', async () => {
    const { code, stderr, byId } = await run(REGIONS, 'silero-vad');
    expect(code).toBe(1);
    expect(stderr).toMatch(/silero-vad \(audio-vad\) → "speech" \(labels\) on "audio"/);
    expect(stderr).toMatch(/task 3: audio "missing.wav" not found/);
    const regions = byId(1).predictions[0]!.result;
    expect(regions.map((r) => [r.type, r.value.labels])).toEqual([
      ['labels', ['Speech']],
      ['labels', ['Speech']],
    ]);
    // The fixture's phrases: ≈1.5–4.3 s and ≈6.3–9.5 s.
    const [first, second] = regions.map((r) => r.value as { start: number; end: number });
    expect(first!.start).toBeGreaterThan(1);
    expect(first!.end).toBeLessThan(4.8);
    expect(second!.start).toBeGreaterThan(5.5);
    expect(second!.end).toBeLessThan(10);
    expect(byId(2).predictions[0]!.result).toEqual([]);
    expect(byId(1).predictions[0]!.model_version).toMatch(/^silero-vad@[0-9a-f]{8}$/);
  });

  it('a Whisper folder transcribes each VAD segment into the per-region <TextArea>', async () => {
    const whisper = tempDir('prelabel-whisper-');
    writeTinyWhisper(whisper, { cached: true });
    const { stderr, byId } = await run(REGIONS, whisper);
    expect(stderr).toMatch(
      /\(audio-asr\) → "speech" \(labels\) \+ "transcription" .* on silero-vad segments/,
    );
    const result = byId(1).predictions[0]!.result;
    expect(result.map((r) => r.type)).toEqual(['labels', 'textarea', 'labels', 'textarea']);
    expect(result[1]!.id).toBe(result[0]!.id);
    expect(result.filter((r) => r.type === 'textarea').map((r) => r.value.text)).toEqual([
      ['Hello world.'],
      ['Hello world.'],
    ]);
  });

  it('the same folder fills a whole-file <TextArea> when the config has no regions', async () => {
    const whisper = tempDir('prelabel-whisper-');
    writeTinyWhisper(whisper, { cached: false });
    const { stderr, byId } = await run(WHOLE, whisper);
    expect(stderr).toMatch(/→ "transcript" \(textarea, whole file\) on "audio"/);
    const [transcript] = byId(1).predictions[0]!.result;
    expect(transcript).toMatchObject({ type: 'textarea', from_name: 'transcript' });
    expect((transcript!.value.text as string[])[0]!.length).toBeGreaterThan(0);
  });
});
