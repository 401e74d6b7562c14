// The built-in OCR model through the CLI: needs only what `npm install` copied
// into public/models (no ../shared), so it always runs.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { main } from './main';
import { tempDirsRemovedAfterAll } from '../../test/temp-dirs';

const makeTempDir = tempDirsRemovedAfterAll();

const CONFIG = `<View>
  <Image name="image" value="$ocr"/>
  <Labels name="label" toName="image"><Label value="Text"/><Label value="Handwriting"/></Labels>
  <Rectangle name="bbox" toName="image"/>
  <TextArea name="transcription" toName="image" editable="true" perRegion="true"/>
</View>`;

const LINES = ['Invoice number 4711', 'Total due: 129.50 EUR'];

describe('prelabel predict --model ppocr-v4', () => {
  it('reads printed lines into linked rectangle + label + transcription regions', async () => {
    const dir = makeTempDir('prelabel-ocr-');
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="200">
      <rect width="100%" height="100%" fill="white"/>
      <text x="20" y="70" font-family="DejaVu Sans" font-size="36">${LINES[0]}</text>
      <text x="20" y="150" font-family="DejaVu Serif" font-size="30">${LINES[1]}</text></svg>`;
    await sharp(Buffer.from(svg)).png().toFile(join(dir, 'invoice.png'));
    writeFileSync(join(dir, 'ocr.xml'), CONFIG);
    let stderr = '';
    const err = new Writable({
      write(chunk, _e, done) {
        stderr += String(chunk);
        done();
      },
    });
    const out = join(dir, 'out.json');
    const code = await main(
      [
        'predict',
        '--config',
        join(dir, 'ocr.xml'),
        '--tasks',
        join(dir, 'invoice.png'),
        '--model',
        'ppocr-v4',
        '--out',
        out,
      ],
      new Writable({ write: (_c, _e, done) => done() }),
      err,
    );
    expect(stderr).not.toMatch(/No built-in models|no such file/);
    expect(code).toBe(0);
    const [task] = JSON.parse(readFileSync(out, 'utf8')) as {
      predictions: { result: { id: string; type: string; value: { text?: string[] } }[] }[];
    }[];
    const result = task!.predictions[0]!.result;
    const texts = result.filter((r) => r.type === 'textarea').map((r) => r.value.text?.[0]);
    expect(texts).toEqual(LINES);
    // Each line is one region: rectangle, labels and textarea share its id.
    const ids = new Set(result.map((r) => r.id));
    expect(ids.size).toBe(2);
    for (const id of ids) {
      expect(result.filter((r) => r.id === id).map((r) => r.type)).toEqual([
        'rectangle',
        'labels',
        'textarea',
      ]);
    }
  });
});
