// The ocr section's accuracy part: character error rate and time per image of
// the built-in PP-OCRv4 pipeline vs Debian's tesseract (5.x, `eng`) on images
// whose text we know. Tesseract is optional: without it that column is
// skipped and the report says so.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { loadNodeOcr } from '../src/models/ocr/node-ocr';
import { PPOCR_V4_MANIFEST } from '../src/models/ocr/meta';
import { runOcr } from '../src/models/ocr/pipeline';
import { loadImageFile } from '../src/models/predictor/node-image';
import type { TextCandidate } from '../src/models/types';
import { characterErrorRate, PAGE_PNG_LINES } from '../test/cer';
import { ROOT } from './config';
import { makeTextImages, textPageLines } from './fixtures';
import { OCR_PACKAGE } from './ocr';
import { median } from './stats';

export const TESSERACT = process.env.BENCH_TESSERACT || 'tesseract';

/** Images with their known text, one group per row of the report. */
export interface OcrSet {
  name: string;
  items: { path: string; lines: readonly string[] }[];
}

export interface EngineScore {
  /** Edits over reference characters, all images of the set pooled. */
  cer: number;
  /** Median wall time per image. */
  msPerImage: number;
  /** Lines read per image (what the engine returned). */
  read: string[][];
}

export interface OcrAccuracyRow {
  set: string;
  images: number;
  ours: EngineScore;
  tesseract: EngineScore | null;
}

export interface OcrAccuracyResult {
  tesseractVersion: string | null;
  rows: OcrAccuracyRow[];
}

/** What the "Try it" samples say (public/samples/LICENSE.md). */
const SAMPLE_LINES: Record<string, string[]> = {
  'receipt.png': [
    'CORNER CAFE',
    '2 x Espresso 5.00',
    '1 x Croissant 3.20',
    '1 x Orange juice 4.50',
    'TOTAL 12.70',
  ],
  'sign.png': ['PLATFORM 4', 'Trains to Oxford', 'Next departure 10:45'],
  'label.png': ['Batch No. 2024-117', 'Best before 12/2026', 'Keep refrigerated'],
};

/** The sets: the photographed book page, the app's samples, generated pages full size and shrunk. */
export async function ocrSets(dir: string, pages: number): Promise<OcrSet[]> {
  mkdirSync(dir, { recursive: true });
  const generated = await makeTextImages(dir, pages);
  const small = await Promise.all(
    generated.map(async (path, i) => {
      const out = join(dir, `small-${i}.png`);
      // 900×600 → 360×240: 34–42 px text becomes 14–17 px, like page.png's.
      await sharp(path).resize(360, 240).png().toFile(out);
      return out;
    }),
  );
  return [
    {
      name: 'page.png (scikit-image: photographed book page, 384×191, bent lines)',
      items: [{ path: join(ROOT, 'test/images/page.png'), lines: PAGE_PNG_LINES }],
    },
    {
      name: 'the app samples (receipt, sign, label; printed, 560–640 px wide)',
      items: Object.entries(SAMPLE_LINES).map(([file, lines]) => ({
        path: join(ROOT, 'public/samples', file),
        lines,
      })),
    },
    {
      name: `generated pages 900×600, 6 lines of 34–42 px DejaVu (${pages})`,
      items: generated.map((path, i) => ({ path, lines: textPageLines(i) })),
    },
    {
      name: `the same pages shrunk to 360×240 (14–17 px text) (${pages})`,
      items: small.map((path, i) => ({ path, lines: textPageLines(i) })),
    },
  ];
}

/** Tesseract's version line, or null when it is not installed. */
export function tesseractVersion(): string | null {
  try {
    const out = execFileSync(TESSERACT, ['--version'], { encoding: 'utf8', stdio: 'pipe' });
    return out.split('\n')[0]!.trim();
  } catch {
    return null;
  }
}

/**
 * Regions as text lines: runOcr gives one region per gap-separated piece
 * (a receipt's "2 x", "Espresso", "5.00"), in reading order; pieces on one
 * line (centres within half a height, the reading-order rule) are joined
 * with a space, as tesseract prints them.
 */
function textLines(found: readonly TextCandidate[]): string[] {
  const lines: { text: string; centre: number; height: number }[] = [];
  for (const c of found) {
    const centre = c.box.y + c.box.height / 2;
    const last = lines[lines.length - 1];
    if (last && Math.abs(centre - last.centre) <= 0.5 * Math.min(c.box.height, last.height)) {
      last.text += ` ${c.text}`;
    } else {
      lines.push({ text: c.text, centre, height: c.box.height });
    }
  }
  return lines.map((l) => l.text);
}

function pooledCer(items: OcrSet['items'], read: string[][]): number {
  // Pool by reference length so a long page weighs more than a sign.
  let edits = 0;
  let chars = 0;
  items.forEach((item, i) => {
    const length = item.lines.join('\n').length;
    edits += characterErrorRate(item.lines, read[i]!) * length;
    chars += length;
  });
  return chars > 0 ? edits / chars : 0;
}

/** One pass over every set: the lines read and the wall time of each image. */
interface Pass {
  lines: string[][][];
  ms: number[][];
}

async function pass(sets: OcrSet[], read: (path: string) => Promise<string[]>): Promise<Pass> {
  const out: Pass = { lines: [], ms: [] };
  for (const set of sets) {
    const lines: string[][] = [];
    const ms: number[] = [];
    for (const item of set.items) {
      const t0 = performance.now();
      lines.push(await read(item.path));
      ms.push(performance.now() - t0);
    }
    out.lines.push(lines);
    out.ms.push(ms);
  }
  return out;
}

/** Scores per set from passes that read the same (deterministic) text; time: median over all passes. */
function scores(sets: OcrSet[], passes: Pass[]): EngineScore[] {
  return sets.map((set, i) => ({
    cer: pooledCer(set.items, passes[0]!.lines[i]!),
    msPerImage: median(passes.flatMap((p) => p.ms[i]!)),
    read: passes[0]!.lines[i]!,
  }));
}

/** Passes per engine; ours and tesseract alternate so a drifting machine slows both alike. */
const PASSES = 3;

export async function ocrAccuracy(dir: string, pages: number): Promise<OcrAccuracyResult> {
  const sets = await ocrSets(dir, pages);
  const version = tesseractVersion();
  const ocr = await loadNodeOcr(OCR_PACKAGE);
  try {
    const ours = async (path: string) =>
      textLines(
        await runOcr(ocr.runner, await loadImageFile(path), {
          manifest: PPOCR_V4_MANIFEST,
          dictionary: ocr.dictionary,
        }),
      );
    const theirs = async (path: string) =>
      execFileSync(TESSERACT, [path, 'stdout', '-l', 'eng'], { encoding: 'utf8', stdio: 'pipe' })
        .replace(/\f/g, '')
        .split('\n');
    // Warm-up: sessions, page cache.
    const first = sets[0]!.items[0]!.path;
    await ours(first);
    if (version) await theirs(first);
    const oursPasses: Pass[] = [];
    const theirPasses: Pass[] = [];
    for (let p = 0; p < PASSES; p++) {
      oursPasses.push(await pass(sets, ours));
      if (version) theirPasses.push(await pass(sets, theirs));
    }
    const o = scores(sets, oursPasses);
    const t = version ? scores(sets, theirPasses) : null;
    return {
      tesseractVersion: version,
      rows: sets.map((set, i) => ({
        set: set.name,
        images: set.items.length,
        ours: o[i]!,
        tesseract: t?.[i] ?? null,
      })),
    };
  } finally {
    await ocr.release();
  }
}
