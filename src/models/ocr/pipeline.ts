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
import { asciiPunctuation, decodeRecOutput } from './rec';
import type { Recognition } from './rec';
import { sortReadingOrder } from './reading-order';
import { cropStrip, growStrip, rotateStrip180, stripSize, type Strip } from './strip';
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
  /** What is cut out and read: the quad with corners renumbered so its crop reads left to right, or a bent line's strip. */
  read: Quad | Strip;
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
    read: padded(d.strip ?? uprightQuad(d.quad), settings.rec.paddingX, settings.rec.paddingY),
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
    const text = asciiPunctuation(reads[i]!.text.replace(/\s+/g, ' ').trim());
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

const isStrip = (area: Quad | Strip): area is Strip => !Array.isArray(area);

const areaSize = (area: Quad | Strip) => (isStrip(area) ? stripSize(area) : quadSize(area));

/** The area grown by fractions of its height: `fx` at the left and right, `fy` at top and bottom. */
function padded(area: Quad | Strip, fx: number, fy: number): Quad | Strip {
  const height = areaSize(area).height;
  return isStrip(area)
    ? growStrip(area, fx * height, fy * height)
    : growQuad(area, fx * height, fy * height);
}

const crop = (img: RgbaImage, area: Quad | Strip, width: number, height: number) =>
  isStrip(area) ? cropStrip(img, area, width, height) : cropQuad(img, area, width, height);

/** Width of a region's crop when scaled to `height`, keeping its aspect ratio. */
function cropWidth(area: Quad | Strip, height: number): number {
  const size = areaSize(area);
  return Math.max(1, Math.ceil((height * size.width) / Math.max(size.height, 1e-6)));
}

/**
 * Turns regions the classifier finds upside down. Each line is judged on
 * windows of the classifier's input width; their votes are averaged by width.
 * On a page whose sure lines are mostly upside down, unsure lines turn too.
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
    const line = crop(img, r.read, lineWidth, height);
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
  const p180 = votes.map(({ sum, weight }) => (weight > 0 ? sum / weight : 0.5));
  const upsideDown = p180.map((p) => angleFromProbability(p, threshold) === 180);
  // A page lies one way: when the lines the classifier is sure of are mostly
  // upside down, a line it is unsure about (neither side reaching the
  // threshold) follows them.
  const sureUpright = p180.filter((p) => 1 - p >= threshold).length;
  const pageTurned = upsideDown.filter(Boolean).length > sureUpright;
  regions.forEach((r, i) => {
    const unsure = !upsideDown[i] && 1 - p180[i]! < threshold;
    if (!upsideDown[i] && !(pageTurned && unsure)) return;
    r.read = isStrip(r.read) ? rotateStrip180(r.read) : rotateQuad180(r.read);
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
    const crops = batch.map((i) => crop(img, regions[i]!.read, widths[i]!, height));
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
