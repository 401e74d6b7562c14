// The built-in PP-OCRv4 package. The JSON is the single source of truth: the
// copy script (plain Node, no TypeScript) writes it into public/models as the
// package's manifest.json, and the pipeline reads its defaults from here.
import manifestJson from './ppocr-v4.manifest.json';
import type { DetSizeLimits } from './det-preprocess';
import type { OcrManifest } from './types';

/** DB (differentiable binarisation) post-processing, PaddleOCR's names and defaults. */
export interface DbOptions {
  /** Probability above which a map pixel is text. */
  thresh: number;
  /** Minimum mean probability inside a box to keep it. */
  boxThresh: number;
  /** How far the shrunk text kernel is grown back: offset = area·ratio / perimeter. */
  unclipRatio: number;
  /** Boxes whose short side (map px) is below this are noise. */
  minSize: number;
  maxCandidates: number;
}

export interface DetSettings extends DbOptions, DetSizeLimits {
  /**
   * When the detector finds nothing, it looks once more with the shorter side
   * enlarged to this (0: no second look). Small, soft photos often show text
   * only enlarged, while enlarging every image reads crisp text worse.
   */
  retryMinSideLen: number;
}

export interface RecSettings {
  height: number;
  /** Batches are at least this wide (PaddleOCR's 3×48×320 rec shape). */
  minWidth: number;
  /** Longer lines are squeezed to this width to bound memory. */
  maxWidth: number;
  batchSize: number;
  /**
   * Margins added around each region before reading it, as fractions of the
   * text height: DB boxes hug the glyphs, and on such tight crops the rec
   * model drops the spaces between words (a known PP-OCRv4 weakness that
   * PaddleOCR's maintainers suggest easing with larger boxes).
   */
  paddingX: number;
  paddingY: number;
}

export interface ClsSettings {
  height: number;
  width: number;
  /** A crop is turned only when '180' wins with at least this probability. */
  threshold: number;
  /** Long lines are judged on up to this many windows of `width` (see clsWindows). */
  maxWindows: number;
  labels: string[];
}

export interface OcrSettings {
  inputName: string;
  det: DetSettings;
  rec: RecSettings;
  cls: ClsSettings;
}

/**
 * Manifest of the package. `preprocess` describes the detector input: PaddleOCR
 * feeds OpenCV's BGR pixels but normalises with ImageNet's RGB-ordered mean/std,
 * so those numbers apply to B, G, R in that order. Its 960×960 is the upper
 * bound: the real input keeps the aspect ratio (see det-preprocess).
 */
export const PPOCR_V4_MANIFEST = manifestJson as unknown as OcrManifest;

export const PPOCR_V4_SETTINGS = manifestJson.decode as OcrSettings;
