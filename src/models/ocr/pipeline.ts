// The whole OCR run: detect text regions, (optionally) fix upside-down ones,
// read each. Runtime-neutral: the caller's runner executes the sessions.
import { angleFromProbability, clsWindows, upsideDownProbabilities } from './cls';
import { cropColumns, cropQuad, rotateQuad180, uprightQuad } from './crop';
import { cropsToTensor } from './crop-tensor';
import { dbPostprocess } from './db-postprocess';
import { preprocessDet } from './det-preprocess';
import { flattenOnWhite } from './flatten-alpha';
import { growQuad, quadBounds, quadSize } from './geometry';
import type { DetSettings, OcrSettings } from './meta';
import { decodeRecOutput } from './rec';
import type { Recognition } from './rec';
import { sortReadingOrder } from './reading-order';
import type { OcrManifest, OcrModelKey, OcrRunner, Quad, TextCandidate } from './types';
import type { RgbaImage, TensorData } from '../types';

export interface OcrOptions {
  /** Class list of the rec model: `parseDictionary(<ppocr_keys_v1.txt>)`. */
  dictionary: readonly string[];
  /** Package manifest (detector preprocessing and `decode` settings), e.g. PPOCR_V4_MANIFEST. */
  manifest: OcrManifest;
  /** Overrides of the manifest's detector settings (thresholds, input size limits). */
  det?: Partial<DetSettings>;
  /** Run the 0°/180° classifier on each region first (one more session). Default false. */
  useAngleClassifier?: boolean;
  /** Lines read with a lower recognition score are dropped. Default: the manifest's confidence (PaddleOCR's drop_score 0.5). */
  minScore?: number;
}

interface Region {
  quad: Quad;
  detScore: number;
  /** The quad with corners renumbered so its crop reads left to right. */
  read: Quad;
  angle: 0 | 180;
}

/** Text lines of an image in reading order, geometry in original image pixels. */
export async function runOcr(
  runner: OcrRunner,
  image: RgbaImage,
  options: OcrOptions,
): Promise<TextCandidate[]> {
  const { manifest } = options;
  const base = manifest.decode as unknown as OcrSettings;
  const settings: OcrSettings = { ...base, det: { ...base.det, ...options.det } };
  const run = async (key: OcrModelKey, input: TensorData) =>
    firstOutput(await runner(key, { [settings.inputName]: input }), key);

  const img = flattenOnWhite(image);
  const detect = async (det: DetSettings) => {
    const probMap = await run('det', preprocessDet(img, det, manifest.preprocess));
    const [mapH, mapW] = probMap.dims.slice(-2) as [number, number];
    const map = { data: probMap.data as Float32Array, width: mapW, height: mapH };
    return dbPostprocess(map, img.width, img.height, det);
  };
  let detected = await detect(settings.det);
  const { retryMinSideLen = 0, minSideLen } = settings.det;
  if (
    detected.length === 0 &&
    retryMinSideLen > minSideLen &&
    Math.min(img.width, img.height) < retryMinSideLen
  ) {
    detected = await detect({ ...settings.det, minSideLen: retryMinSideLen });
  }
  const regions: Region[] = sortReadingOrder(detected).map((d) => ({
    quad: d.quad,
    detScore: d.score,
    read: padded(uprightQuad(d.quad), settings.rec.paddingX, settings.rec.paddingY),
    angle: 0,
  }));
  if (regions.length === 0) return [];

  if (options.useAngleClassifier) {
    await classifyAngles(regions, img, settings, (t) => run('cls', t));
    // A page that is mostly upside down reads bottom to top, right to left.
    if (regions.filter((r) => r.angle === 180).length * 2 > regions.length) regions.reverse();
  }
  const reads = await recognise(regions, img, settings, options.dictionary, (t) => run('rec', t));

  const minScore = options.minScore ?? manifest.defaults.confidence;
  const candidates: TextCandidate[] = [];
  regions.forEach((r, i) => {
    const { score } = reads[i]!;
    // CTC can emit "space, blank, space" for one wide gap; a line never needs two.
    const text = reads[i]!.text.replace(/\s+/g, ' ').trim();
    if (text === '' || score < minScore) return;
    candidates.push({
      kind: 'text',
      quad: r.quad,
      box: quadBounds(r.quad),
      text,
      score,
      detScore: r.detScore,
      angle: r.angle,
    });
  });
  return candidates;
}

/** The quad grown by fractions of its height: `fx` at the left and right, `fy` at top and bottom. */
function padded(quad: Quad, fx: number, fy: number): Quad {
  const height = quadSize(quad).height;
  return growQuad(quad, fx * height, fy * height);
}

/** Width of a region's crop when scaled to `height`, keeping its aspect ratio. */
function cropWidth(quad: Quad, height: number): number {
  const size = quadSize(quad);
  return Math.max(1, Math.ceil((height * size.width) / Math.max(size.height, 1e-6)));
}

/**
 * Turns regions the classifier finds upside down. Each line is judged on
 * windows of the classifier's input width; their votes are averaged by width.
 */
async function classifyAngles(
  regions: Region[],
  img: RgbaImage,
  settings: OcrSettings,
  run: (input: TensorData) => Promise<TensorData>,
): Promise<void> {
  const { height, width, threshold, maxWindows } = settings.cls;
  const pieces: { region: number; image: RgbaImage }[] = [];
  regions.forEach((r, region) => {
    const lineWidth = Math.min(cropWidth(r.read, height), maxWindows * width);
    const line = cropQuad(img, r.read, lineWidth, height);
    for (const w of clsWindows(line.width, width, maxWindows)) {
      pieces.push({ region, image: cropColumns(line, w.x, w.width) });
    }
  });
  const votes = regions.map(() => ({ sum: 0, weight: 0 }));
  for (const batch of chunks(pieces, settings.rec.batchSize)) {
    const tensor = cropsToTensor(
      batch.map((p) => p.image),
      height,
      width,
    );
    upsideDownProbabilities(await run(tensor)).forEach((p180, k) => {
      const { region, image } = batch[k]!;
      votes[region]!.sum += p180 * image.width;
      votes[region]!.weight += image.width;
    });
  }
  regions.forEach((r, i) => {
    const { sum, weight } = votes[i]!;
    if (weight === 0 || angleFromProbability(sum / weight, threshold) !== 180) return;
    r.read = rotateQuad180(r.read);
    r.angle = 180;
  });
}

/**
 * Reads every region. Crops are batched by similar width (as PaddleOCR sorts by
 * aspect ratio) so little of each batch is padding.
 */
async function recognise(
  regions: Region[],
  img: RgbaImage,
  settings: OcrSettings,
  dictionary: readonly string[],
  run: (input: TensorData) => Promise<TensorData>,
): Promise<Recognition[]> {
  const { height, minWidth, maxWidth, batchSize } = settings.rec;
  const widths = regions.map((r) => Math.min(maxWidth, cropWidth(r.read, height)));
  const order = regions.map((_, i) => i).sort((a, b) => widths[a]! - widths[b]!);
  const results: Recognition[] = new Array<Recognition>(regions.length);
  for (const batch of chunks(order, batchSize)) {
    const batchWidth = Math.max(minWidth, ...batch.map((i) => widths[i]!));
    const crops = batch.map((i) => cropQuad(img, regions[i]!.read, widths[i]!, height));
    const decoded = decodeRecOutput(
      await run(cropsToTensor(crops, height, batchWidth)),
      dictionary,
    );
    batch.forEach((i, k) => (results[i] = decoded[k]!));
  }
  return results;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += Math.max(1, size))
    out.push(items.slice(i, i + Math.max(1, size)));
  return out;
}

function firstOutput(outputs: Record<string, TensorData>, key: OcrModelKey): TensorData {
  const first = Object.values(outputs)[0];
  if (!first || !(first.data instanceof Float32Array))
    throw new Error(`the ${key} model returned no float32 output`);
  return first;
}
