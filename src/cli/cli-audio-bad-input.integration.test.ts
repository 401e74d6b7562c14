// Bad audio inputs to `prelabel predict`: a file that is not audio, an empty
// one, a WAV cut off after its header, a WAV of a codec no decoder reads, an
// audio URL that answers 404, a task without the audio key (or not a string).
// (A file cut off mid-samples decodes to what it holds, as players do.) Each fails its own task with a message naming
// the item and the cause, and the other tasks are still predicted; a config
// with an <Audio> but no control the model can fill stops the run before any
// work, naming what the model needs.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyCtc } from '../../test/audio/tiny-ctc';
import { fixturesPresent } from '../../test/require-fixtures';
import { tempDirsRemovedAfterAll } from '../../test/temp-dirs';
import { textSink } from '../../test/text-sink';
import { BUILTIN_DIR } from './load-model';
import { main } from './main';

const AUDIO = resolve(process.cwd(), '../shared/fixtures/audio');
const SPEECH = join(AUDIO, 'speech-two-phrases-16k.wav');
const present = fixturesPresent(
  'bad audio inputs to prelabel predict',
  SPEECH,
  join(BUILTIN_DIR, 'silero-vad/manifest.json'),
);
const tempDir = tempDirsRemovedAfterAll();

const REGIONS = `<View>
  <AudioPlus name="audio" value="$audio"/>
  <Labels name="speech" toName="audio"><Label value="Speech"/></Labels>
</View>`;

/** A RIFF/WAVE header whose fmt chunk names a codec no decoder here reads (0x1234). */
function unknownCodecWav(): Uint8Array {
  const bytes = new Uint8Array(44 + 3200);
  const view = new DataView(bytes.buffer);
  const ascii = (at: number, text: string) =>
    [...text].forEach((c, i) => (bytes[at + i] = c.charCodeAt(0)));
  ascii(0, 'RIFF');
  view.setUint32(4, bytes.length - 8, true);
  ascii(8, 'WAVEfmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 0x1234, true); // format code
  view.setUint16(22, 1, true);
  view.setUint32(24, 16000, true);
  view.setUint32(28, 32000, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, 3200, true);
  return bytes;
}

let server: Server;
let base = '';
beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === '/clips/speech.wav') {
      response.writeHead(200, { 'content-type': 'audio/wav' });
      response.end(readFileSync(SPEECH));
      return;
    }
    response.writeHead(404).end('not found');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

async function run(config: string, tasks: unknown[], model = 'silero-vad') {
  const dir = tempDir('prelabel-audio-bad-');
  writeFileSync(join(dir, 'config.xml'), config);
  writeFileSync(join(dir, 'tasks.json'), JSON.stringify(tasks));
  symlinkSync(SPEECH, join(dir, 'speech.wav'));
  writeFileSync(join(dir, 'notes.wav'), '<html>a web page saved as .wav</html>');
  writeFileSync(join(dir, 'codec.wav'), unknownCodecWav());
  writeFileSync(join(dir, 'empty.mp3'), new Uint8Array(0));
  writeFileSync(join(dir, 'header.wav'), readFileSync(SPEECH).subarray(0, 44));
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
  const written = existsSync(out)
    ? (JSON.parse(readFileSync(out, 'utf8')) as { id: number; predictions: unknown[] }[])
    : undefined;
  return { code, stderr: err.text(), written, dir };
}

describe.skipIf(!present)('prelabel predict on bad audio inputs', () => {
  it('fails each bad task by name and cause; the good ones are predicted', async () => {
    const { code, stderr, written } = await run(REGIONS, [
      { id: 1, data: { audio: 'speech.wav' } },
      { id: 2, data: { audio: 'notes.wav' } },
      { id: 3, data: { audio: 'codec.wav' } },
      { id: 4, data: { audio: 'empty.mp3' } },
      { id: 5, data: { audio: `${base}/clips/gone.wav` } },
      { id: 6, data: { audio: `${base}/clips/speech.wav` } },
      { id: 7, data: { text: 'no audio here' } },
      { id: 8, data: { audio: 42 } },
      { id: 9, data: { audio: 'header.wav' } },
    ]);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /task 2: notes\.wav: not an audio format this decoder knows \(first bytes 3c 68 74 6d/,
    );
    expect(stderr).toMatch(/task 3: codec\.wav: cannot decode wav audio \(.+\)/);
    expect(stderr).toMatch(/task 4: empty\.mp3: the file is empty/);
    expect(stderr).toMatch(
      new RegExp(`task 5: ${base.replace(/\./g, '\\.')}/clips/gone\\.wav answered HTTP 404`),
    );
    expect(stderr).toMatch(
      /task 7: the task has no media file under "audio" \(the config's \$audio\)/,
    );
    expect(stderr).toMatch(
      /task 8: the task's "audio" \(the config's \$audio\) is 42, not a file name or URL/,
    );
    expect(stderr).toMatch(/task 9: header\.wav: the wav file holds no audio samples/);
    expect(stderr).toMatch(/wrote 2 tasks .*; 7 failed/);
    expect(written!.map((t) => t.id)).toEqual([1, 6]);
  });

  it('a config with <Audio> but no control the model fills stops before any task', async () => {
    const choices = `<View>
  <Audio name="audio" value="$audio"/>
  <Choices name="kind" toName="audio"><Choice value="Music"/></Choices>
</View>`;
    const vad = await run(choices, [{ id: 1, data: { audio: 'speech.wav' } }]);
    expect(vad.code).toBe(2);
    expect(vad.stderr).toMatch(/the labeling config has no <Labels> on "audio"/);
    expect(vad.written).toBeUndefined();
    const ctc = tempDir('prelabel-ctc-');
    writeTinyCtc(ctc);
    const asr = await run(choices, [{ id: 1, data: { audio: 'speech.wav' } }], ctc);
    expect(asr.code).toBe(2);
    expect(asr.stderr).toMatch(
      /the labeling config has no <TextArea> on "audio" \(perRegion="true" beside a <Labels> for a text per speech segment, or one for the whole file\)/,
    );
  });
});
