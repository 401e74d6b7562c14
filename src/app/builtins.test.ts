import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLabelingConfig } from '../core/config';
import { offeredBuiltins, pageBuiltins, parseBuiltinIndex } from './builtins';
import { fixturesPresent } from '../../test/require-fixtures';

describe('parseBuiltinIndex', () => {
  it('keeps well-formed entries and drops ones without id or with a path outside models/', () => {
    const list = parseBuiltinIndex({
      models: [
        {
          id: 'ppocr-v4',
          name: 'OCR',
          task: 'ocr',
          family: 'ocr',
          path: 'ppocr-v4/',
          license: 'MIT',
        },
        { name: 'no id', path: 'x/' },
        { id: 'evil', path: '../../etc/' },
        { id: 'bare' },
      ],
    });
    expect(list.map((m) => [m.id, m.path])).toEqual([
      ['ppocr-v4', 'ppocr-v4/'],
      ['bare', 'bare/'],
    ]);
    expect(parseBuiltinIndex(null)).toEqual([]);
    expect(parseBuiltinIndex({ models: 'x' })).toEqual([]);
  });

  const index = resolve(process.cwd(), 'public/models/index.json');
  const present = fixturesPresent('the built-in model index (npm install)', index);
  it.skipIf(!present)('reads the index npm install wrote', () => {
    const list = parseBuiltinIndex(JSON.parse(readFileSync(index, 'utf8')));
    expect(list.find((m) => m.id === 'ppocr-v4')).toMatchObject({ task: 'ocr', family: 'ocr' });
    // the VAD runs in the page; the openWakeWord embedding (no head) is for the CLI only
    expect(list.find((m) => m.id === 'silero-vad')).toMatchObject({ input: 'audio' });
    expect(pageBuiltins(list).map((m) => m.id)).toEqual(['ppocr-v4', 'silero-vad']);
  });

  it('offers image models and the VAD; an entry without `input` is an image model', () => {
    const list = parseBuiltinIndex({
      models: [
        { id: 'det', path: 'det/' },
        { id: 'vad', path: 'vad/', input: 'audio', family: 'audio-vad' },
        { id: 'emb', path: 'emb/', input: 'audio', family: 'audio-classification' },
        { id: 'ocr', path: 'ocr/', input: 'image' },
      ],
    });
    const page = pageBuiltins(list);
    expect(page.map((m) => m.id)).toEqual(['det', 'vad', 'ocr']);
    // The VAD only for a config with <Labels> on its audio.
    const config = (xml: string) => parseLabelingConfig(`<View>${xml}</View>`);
    const labels = config(
      '<Audio name="a" value="$audio"/><Labels name="l" toName="a"><Label value="Speech"/></Labels>',
    );
    const choices = config(
      '<Audio name="a" value="$audio"/><Choices name="c" toName="a"><Choice value="x"/></Choices>',
    );
    expect(offeredBuiltins(page, labels).map((m) => m.id)).toEqual(['det', 'vad', 'ocr']);
    expect(offeredBuiltins(page, choices).map((m) => m.id)).toEqual(['det', 'ocr']);
    expect(offeredBuiltins(page, null).map((m) => m.id)).toEqual(['det', 'ocr']);
  });
});
