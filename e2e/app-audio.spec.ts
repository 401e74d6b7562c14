// An audio project in the app: a config with <Labels> on <AudioPlus>, the
// real speech fixtures (16 kHz mono and 44.1 kHz stereo) and a corrupt WAV
// dropped together, the built-in Silero VAD (offered and loaded for the
// config), a run in the worker, the regions on the waveform in the label's
// colour, a region played, the export in the real Label Studio editor
// (strict), and the same export as `prelabel predict` writes for the files.
// Then a dropped Whisper folder (tiny graph, real tokenizer) transcribing
// each VAD region into a per-region <TextArea>.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { LsPrediction } from '../src/core/results/types';
import { WHISPER_TOKENIZER_DIR, writeTinyWhisper } from '../test/audio/tiny-whisper';
import { fixturesPresent } from '../test/require-fixtures';
import { HAS_EDITOR, NO_EDITOR } from './app/editor';
import { expectAllLoaded, fixtureUrl, loadInEditor } from './ls-editor/harness';
import { SHARED_FIXTURES } from './ls-editor/serve';

const AUDIO = join(SHARED_FIXTURES, 'audio');
const FILES = ['speech-two-phrases-16k.wav', 'speech-44k-stereo.wav'];
const HAS_AUDIO = fixturesPresent('app-audio.spec.ts', ...FILES.map((f) => join(AUDIO, f)));
const HAS_TOKENIZER = fixturesPresent('app-audio.spec.ts', WHISPER_TOKENIZER_DIR);

const CONFIG = `<View>
  <AudioPlus name="audio" value="$audio"/>
  <Labels name="speech" toName="audio"><Label value="Speech" background="#2a9d8f"/><Label value="Music"/></Labels>
</View>`;

interface Exported {
  data: { audio: string };
  predictions: LsPrediction[];
}

const wav = (name: string, buffer: Buffer) => ({ name, mimeType: 'audio/wav', buffer });
/** A RIFF header promising a WAV, then nothing the decoder can read. */
const CORRUPT = Buffer.from('RIFF\xff\xff\0\0WAVEfmt \x01\x02\x03', 'latin1');

async function showTaskNamed(page: Page, name: string) {
  for (let i = 0; i < 3; i++) {
    if ((await page.getByTestId('preview-name').textContent()) === name) return;
    await page.getByTestId('preview-next').click();
  }
  await expect(page.getByTestId('preview-name')).toHaveText(name);
}

/** `prelabel predict` on the exported tasks, with the files next to them. */
function cliPredict(tasks: Exported[]): Exported[] {
  const dir = mkdtempSync(join(tmpdir(), 'prelabel-audio-e2e-'));
  try {
    for (const f of FILES) symlinkSync(join(AUDIO, f), join(dir, f));
    writeFileSync(join(dir, 'config.xml'), CONFIG);
    writeFileSync(join(dir, 'tasks.json'), JSON.stringify(tasks.map((t) => ({ data: t.data }))));
    const out = join(dir, 'out.json');
    const args = ['--config', join(dir, 'config.xml'), '--tasks', join(dir, 'tasks.json')];
    const run = spawnSync(
      process.execPath,
      [
        'bin/prelabel.mjs',
        'predict',
        ...args,
        '--model',
        'silero-vad',
        '--conf',
        '0',
        '--out',
        out,
      ],
      { encoding: 'utf8' },
    );
    expect(run.status, run.stderr).toBe(0);
    return JSON.parse(readFileSync(out, 'utf8')) as Exported[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const regions = (p: LsPrediction) =>
  p.result.map((r) => {
    const v = r.value as { start: number; end: number; labels: string[] };
    return [r.id, v.start.toFixed(3), v.end.toFixed(3), v.labels, r.score?.toFixed(3)];
  });

test('audio tasks: the built-in VAD, regions on the waveform, play, an export the editor loads', async ({
  page,
}) => {
  test.skip(!HAS_EDITOR, NO_EDITOR);
  test.skip(!HAS_AUDIO, `needs the speech fixtures in ${AUDIO}`);
  await page.goto('/');
  await page
    .getByTestId('file-input')
    .setInputFiles([
      { name: 'vad.xml', mimeType: 'application/xml', buffer: Buffer.from(CONFIG) },
      ...FILES.map((f) => wav(f, readFileSync(join(AUDIO, f)))),
      wav('broken.wav', CORRUPT),
    ]);
  await expect(page.getByTestId('task-count')).toHaveAttribute('data-count', '3');
  // <Labels> on audio: the VAD is offered, and loaded at once.
  await expect(page.getByTestId('builtin-load-silero-vad')).toBeVisible();
  await expect(page.getByTestId('model-status')).toContainText('silero-vad', { timeout: 60_000 });
  await expect(page.getByTestId('mapping-summary')).toContainText('classes mapped');

  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('progress-text')).toHaveText('3/3', { timeout: 90_000 });
  await expect(page.getByTestId('failed-count')).toHaveText('1 failed');
  // The corrupt file fails alone, named, with the decoder's cause.
  await expect(page.getByTestId('failure-list')).toContainText(
    'broken.wav (audio) broken.wav: the wav file holds no audio samples',
  );

  // The two phrases on the waveform, in the label's colour; a region plays.
  await showTaskNamed(page, FILES[0]!);
  await expect(page.getByTestId('preview')).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('waveform')).toHaveAttribute('data-columns', '1200');
  const shown = page.getByTestId('audio-region');
  await expect(shown).toHaveCount(2);
  await expect(shown.first()).toHaveAttribute('data-label', 'Speech');
  const start = Number(await shown.nth(1).getAttribute('data-start'));
  const end = Number(await shown.nth(1).getAttribute('data-end'));
  expect(start).toBeGreaterThan(6);
  const colour = await shown.first().evaluate((e) => getComputedStyle(e).borderLeftColor);
  expect(colour).toBe(await shown.nth(1).evaluate((e) => getComputedStyle(e).borderLeftColor));
  // The canvas has ink: the worker's min/max columns were drawn.
  const inked = await page.getByTestId('waveform').evaluate((c: HTMLCanvasElement) => {
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
    return n;
  });
  expect(inked).toBeGreaterThan(1200);
  await page.getByTestId('play-region').nth(1).click();
  const player = page.getByTestId('preview-player');
  // Plays from the region's start and stops by itself at its end.
  await expect
    .poll(() => player.evaluate((a: HTMLAudioElement) => a.currentTime))
    .toBeGreaterThan(start + 0.2);
  await expect
    .poll(() => player.evaluate((a: HTMLAudioElement) => a.paused), { timeout: 15_000 })
    .toBe(true);
  const stopped = await player.evaluate((a: HTMLAudioElement) => a.currentTime);
  expect(stopped).toBeGreaterThanOrEqual(end - 0.05);
  expect(stopped).toBeLessThan(end + 0.5);

  const downloading = page.waitForEvent('download');
  await page.getByTestId('export-tasks-with-predictions').click();
  const exported = JSON.parse(readFileSync(await (await downloading).path(), 'utf8')) as Exported[];
  expect(exported.map((t) => t.data.audio).sort()).toEqual([...FILES].sort());
  // The model_version the page showed before the run is the one written.
  const shownVersion = await page.getByTestId('model-version').inputValue();
  expect(exported.map((t) => t.predictions[0]!.model_version)).toEqual([
    shownVersion,
    shownVersion,
  ]);

  // The CLI writes the same regions and model_version for the same files and config.
  const cli = cliPredict(exported);
  for (const [i, task] of exported.entries()) {
    const app = task.predictions[0]!;
    const written = cli[i]!.predictions[0]!;
    expect(app.model_version).toBe(written.model_version);
    expect(regions(app)).toEqual(regions(written));
  }

  // In the real editor: every region loads and is drawn on the audio.
  for (const task of exported) {
    const sent = task.predictions[0]!;
    expect(sent.result.length).toBeGreaterThan(0);
    const [loaded] = await loadInEditor(page, {
      config: CONFIG,
      data: { audio: fixtureUrl(`audio/${task.data.audio}`) },
      predictions: [sent],
    });
    expectAllLoaded(sent, loaded);
  }
});

const ASR_CONFIG = `<View>
  <AudioPlus name="audio" value="$audio"/>
  <Labels name="speech" toName="audio"><Label value="Speech" background="#2a9d8f"/></Labels>
  <TextArea name="transcription" toName="audio" perRegion="true" rows="2" editable="true"/>
</View>`;

test('a dropped Whisper folder writes a transcript per VAD region; the editor loads them', async ({
  page,
}) => {
  test.skip(!HAS_EDITOR, NO_EDITOR);
  test.skip(!HAS_AUDIO || !HAS_TOKENIZER, 'needs ../shared (speech fixtures, Whisper tokenizer)');
  const dir = mkdtempSync(join(tmpdir(), 'prelabel-app-whisper-'));
  try {
    // The tiny Whisper graph (real tokenizer): " Hello world." for speech-like audio.
    writeTinyWhisper(dir, { cached: true });
    const files = ['onnx/encoder_model.onnx', 'onnx/decoder_model_merged.onnx'].concat([
      'tokenizer.json',
      'generation_config.json',
      'preprocessor_config.json',
      'config.json',
    ]);
    await page.goto('/');
    await page.getByTestId('file-input').setInputFiles([
      { name: 'asr.xml', mimeType: 'application/xml', buffer: Buffer.from(ASR_CONFIG) },
      wav(FILES[0]!, readFileSync(join(AUDIO, FILES[0]!))),
      ...files.map((f) => ({
        name: f.split('/').pop()!,
        mimeType: 'application/octet-stream',
        buffer: readFileSync(join(dir, f)),
      })),
    ]);
    await expect(page.getByTestId('task-count')).toHaveAttribute('data-count', '1');
    await expect(page.getByTestId('model-status')).toContainText('Speech recognition', {
      timeout: 60_000,
    });
    await page.getByTestId('run-button').click();
    await expect(page.getByTestId('progress-text')).toHaveText('1/1', { timeout: 90_000 });
    await expect(page.getByTestId('failed-count')).toHaveText('0 failed');
    await expect(page.getByTestId('audio-region')).toHaveCount(2);
    await expect(page.getByTestId('region-text')).toHaveText(['Hello world.', 'Hello world.']);

    const downloading = page.waitForEvent('download');
    await page.getByTestId('export-tasks-with-predictions').click();
    const [task] = JSON.parse(readFileSync(await (await downloading).path(), 'utf8')) as Exported[];
    const sent = task!.predictions[0]!;
    expect(sent.result.map((r) => r.type)).toEqual(['labels', 'textarea', 'labels', 'textarea']);
    expect(sent.model_version).toBe(await page.getByTestId('model-version').inputValue());
    const [loaded] = await loadInEditor(page, {
      config: ASR_CONFIG,
      data: { audio: fixtureUrl(`audio/${FILES[0]}`) },
      predictions: [sent],
    });
    expectAllLoaded(sent, loaded);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
