// End-to-end OCR with the real PP-OCRv4 models on images whose text we know:
// printed with sharp (librsvg + the DejaVu fonts) so the reference is exact.
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNodeOcr, type NodeOcr } from './node-ocr';
import { PPOCR_V4_MANIFEST } from './meta';
import { runOcr } from './pipeline';
import type { OcrRunner, TextCandidate } from './types';
import type { RgbaImage } from '../types';
import { fixturesPresent } from '../../../test/require-fixtures';

const root = process.cwd();
const assetDir = join(root, 'node_modules', '@gutenye', 'ocr-models', 'assets');
const modelsPresent = fixturesPresent('OCR tests', join(assetDir, PPOCR_V4_MANIFEST.files.rec));
const assets = modelsPresent ? assetDir : null;
const fixtures = resolve(root, '..', 'shared', 'fixtures', 'images');
const sharedFixturesPresent = fixturesPresent('OCR photo test', fixtures);

interface Line {
  text: string;
  x: number;
  y: number;
}

interface Page {
  name: string;
  width: number;
  height: number;
  font: string;
  weight?: string;
  style?: string;
  size: number;
  ink: string;
  paper: string;
  lines: Line[];
}

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

async function render(page: Page): Promise<RgbaImage> {
  return decode(Buffer.from(svgOf(page)));
}

function svgOf(page: Page): string {
  const texts = page.lines
    .map(
      (l) =>
        `<text x="${l.x}" y="${l.y}" font-family="${page.font}" font-weight="${page.weight ?? 'normal'}" font-style="${page.style ?? 'normal'}" font-size="${page.size}" fill="${page.ink}">${escapeXml(l.text)}</text>`,
    )
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${page.width}" height="${page.height}"><rect width="100%" height="100%" fill="${page.paper}"/>${texts}</svg>`;
}

async function decode(input: Buffer | string): Promise<RgbaImage> {
  // sRGB first: a grey PNG would otherwise come out as 2 channels (grey + alpha).
  const { data, info } = await sharp(input)
    .toColourspace('srgb')
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

/** Lines placed `gap` apart starting at baseline `top`. */
const stack = (texts: string[], x: number, top: number, gap: number): Line[] =>
  texts.map((text, i) => ({ text, x, y: top + i * gap }));

const pages: Page[] = [
  {
    name: 'sans 32px dark on light',
    width: 900,
    height: 260,
    font: 'DejaVu Sans',
    size: 32,
    ink: '#111111',
    paper: '#f7f5ef',
    lines: stack(
      [
        'The quick brown fox jumps over',
        'the lazy dog near 42 Main Street.',
        'Invoice No. 2024-0815 total $318.50',
      ],
      30,
      60,
      70,
    ),
  },
  {
    name: 'serif 26px light on dark',
    width: 820,
    height: 240,
    font: 'DejaVu Serif',
    size: 26,
    ink: '#f2f2f2',
    paper: '#1d2533',
    lines: stack(
      [
        'Pack my box with five dozen',
        'liquor jugs, said the clerk.',
        'Meeting moved to Friday 10:30 AM',
      ],
      40,
      55,
      65,
    ),
  },
  {
    name: 'mono 20px grey on white',
    width: 700,
    height: 200,
    font: 'DejaVu Sans Mono',
    size: 20,
    ink: '#333333',
    paper: '#ffffff',
    lines: stack(
      ['ERROR 404: page not found', 'user=alice id=7731 status=ok', 'retry in 15 seconds'],
      25,
      45,
      50,
    ),
  },
  {
    name: 'bold sans 44px white on blue',
    width: 900,
    height: 200,
    font: 'DejaVu Sans',
    weight: 'bold',
    size: 44,
    ink: '#ffffff',
    paper: '#1f5fbf',
    lines: stack(['SALE ENDS SUNDAY', 'Up to 70% off'], 40, 75, 80),
  },
  {
    name: 'sans 16px on grey',
    width: 520,
    height: 150,
    font: 'DejaVu Sans',
    size: 16,
    ink: '#202020',
    paper: '#d8d8d8',
    lines: stack(
      [
        'Terms apply. See store for details.',
        'Offer valid until 31 March 2025.',
        'Contact: help@example.com',
      ],
      20,
      35,
      36,
    ),
  },
  {
    name: 'italic serif 60px dark red on cream',
    width: 1000,
    height: 230,
    font: 'DejaVu Serif',
    style: 'italic',
    size: 60,
    ink: '#6b0f1a',
    paper: '#fff8e7',
    lines: stack(['Chapter Seven', 'The Long Winter'], 50, 90, 100),
  },
  {
    name: 'condensed sans 22px yellow on black',
    width: 760,
    height: 170,
    font: 'DejaVu Sans Condensed',
    size: 22,
    ink: '#ffd400',
    paper: '#000000',
    lines: stack(
      [
        'Platform 3 departs 14:05 for Cambridge',
        'Delayed by approximately 12 minutes',
        'Calling at Royston and Baldock',
      ],
      30,
      45,
      48,
    ),
  },
];

function levenshtein(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/**
 * Candidates of each printed line (matched by vertical position), joined in the
 * order returned, and the line index of each candidate in that order. `upsideDown`:
 * the page was turned 180° after printing.
 */
function readLines(
  page: Page,
  found: TextCandidate[],
  upsideDown = false,
): { texts: string[]; order: number[] } {
  // A baseline sits about 0.3 em below the text's vertical centre.
  const centres = page.lines.map((l) => {
    const y = l.y - 0.3 * page.size;
    return upsideDown ? page.height - y : y;
  });
  const order: number[] = [];
  const texts = page.lines.map(() => [] as string[]);
  for (const c of found) {
    const cy = c.box.y + c.box.height / 2;
    let best = 0;
    centres.forEach((y, i) => {
      if (Math.abs(y - cy) < Math.abs(centres[best]! - cy)) best = i;
    });
    texts[best]!.push(c.text);
    order.push(best);
  }
  return { texts: texts.map((t) => t.join(' ')), order };
}

/** Levenshtein distance summed over lines, and the reference length. */
function errors(page: Page, texts: string[]): { edits: number; chars: number } {
  let edits = 0;
  let chars = 0;
  page.lines.forEach((line, i) => {
    edits += levenshtein(line.text, texts[i]!);
    chars += line.text.length;
  });
  return { edits, chars };
}

describe.skipIf(!assets)('runOcr with PP-OCRv4 (onnxruntime-node)', () => {
  let ocr: NodeOcr;
  let runner: OcrRunner;
  let dictionary: string[] = [];

  beforeAll(async () => {
    ocr = await loadNodeOcr(assets!);
    ({ runner, dictionary } = ocr);
  });
  afterAll(() => ocr?.release());

  it('the dictionary gives exactly the rec model classes (blank + keys + space)', () => {
    expect(dictionary.length).toBe(6625);
    expect(dictionary[0]).toBe('');
    expect(dictionary[dictionary.length - 1]).toBe(' ');
  });

  it('reads printed lines in several fonts and polarities with CER < 5%, in order', async () => {
    let edits = 0;
    let chars = 0;
    for (const page of pages) {
      const image = await render(page);
      const started = performance.now();
      const found = await runOcr(runner, image, { dictionary });
      const ms = performance.now() - started;
      const { texts, order } = readLines(page, found);
      const e = errors(page, texts);
      edits += e.edits;
      chars += e.chars;
      console.log(`${page.name}: ${ms.toFixed(0)} ms`, texts);
      // Reading order: lines come top to bottom.
      expect(order).toEqual([...order].sort((a, b) => a - b));
      for (const c of found) {
        expect(c.quad).toHaveLength(4);
        expect(c.box.x).toBeGreaterThanOrEqual(0);
        expect(c.box.x + c.box.width).toBeLessThanOrEqual(image.width);
        expect(c.score).toBeGreaterThan(0.5);
        expect(c.detScore).toBeGreaterThan(0.6);
        expect(c.angle).toBe(0);
      }
    }
    const cer = edits / chars;
    console.log(`OCR character error rate: ${(cer * 100).toFixed(2)}% (${edits}/${chars})`);
    expect(cer).toBeLessThan(0.05);
  });

  it('reads an upside-down page with the angle classifier', async () => {
    const page = pages[0]!;
    const turned = await decode(
      await sharp(Buffer.from(svgOf(page)))
        .rotate(180)
        .png()
        .toBuffer(),
    );
    const found = await runOcr(runner, turned, { dictionary, useAngleClassifier: true });
    const { texts, order } = readLines(page, found, true);
    const e = errors(page, texts);
    expect(e.edits / e.chars).toBeLessThan(0.05);
    expect(found.length).toBeGreaterThan(0);
    for (const c of found) expect(c.angle).toBe(180);
    // Reading order follows the text, not the image: first printed line first.
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // Without the classifier the same page does not read.
    const unturned = await runOcr(runner, turned, { dictionary });
    const u = errors(page, readLines(page, unturned, true).texts);
    expect(u.edits / u.chars).toBeGreaterThan(0.5);
  });

  it.skipIf(!sharedFixturesPresent)(
    'copes with a hard photo of handwriting (text.png)',
    async () => {
      const image = await decode(join(fixtures, 'text.png'));
      // At its own size the detector sees no text in this small, soft photo…
      const plain = await runOcr(runner, image, { dictionary, det: { retryMinSideLen: 0 } });
      expect(plain).toEqual([]);
      // …so by default it looks again enlarged (shorter side 736, PaddleOCR's
      // evaluation size) and finds strokes; lines read below 0.5 are dropped.
      const started = performance.now();
      const found = await runOcr(runner, image, { dictionary });
      const all = await runOcr(runner, image, { dictionary, minScore: 0 });
      console.log(
        `text.png: ${found.length} regions at defaults (${(performance.now() - started).toFixed(0)} ms), ${all.length} at any score:`,
        all.map((c) => `${c.text} (${c.score.toFixed(2)})`).join(', '),
      );
      expect(found.length).toBeGreaterThan(0);
      expect(all.length).toBeGreaterThanOrEqual(found.length);
      for (const c of found) expect(c.score).toBeGreaterThanOrEqual(0.5);
      for (const c of all) {
        for (const [x, y] of c.quad) {
          expect(x).toBeGreaterThanOrEqual(0);
          expect(x).toBeLessThanOrEqual(image.width);
          expect(y).toBeGreaterThanOrEqual(0);
          expect(y).toBeLessThanOrEqual(image.height);
        }
        expect(c.score).toBeGreaterThanOrEqual(0);
        expect(c.score).toBeLessThanOrEqual(1);
      }
    },
  );
});
