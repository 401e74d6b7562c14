// Section 3: instance segmentation tasks/s on onnxruntime-node (decode →
// model → masks → Label Studio brush RLE), and what turning one mask into
// Label Studio output costs on a 4000×3000 photo: RLE (brush) and polygons.
import { brushResult, encodeMaskRle } from '../src/core/results';
import { maskToPolygons } from '../src/core/masks';
import type { BinaryMask } from '../src/core/results';
import { loadImageFile } from '../src/models/predictor/node-image';
import { openModelFile as loadModelFile } from '../src/models/predictor/node-runtime';
import { detectCandidates, releaseModel } from '../src/models/predictor';
import type { MaskCandidate } from '../src/models/types';
import { bareNodeRuns } from './node-detection';
import { cpuProbe, type CpuUsage } from './cpu';
import { spread, type Spread } from './stats';

export interface SegResult {
  tasksPerSecond: number;
  masksPerImage: number;
  bareMs: Spread;
  cpu: CpuUsage;
}

export async function nodeSegmentation(
  modelPath: string,
  images: string[],
  warmup: number,
  bareRuns: number,
): Promise<SegResult> {
  const model = await loadModelFile(modelPath);
  let masks = 0;
  const probe = cpuProbe();
  let ms: number;
  try {
    const first = await loadImageFile(images[0] ?? '');
    await detectCandidates(model, first); // warm-up
    const start = performance.now();
    for (const path of images) {
      const image = await loadImageFile(path);
      const candidates = await detectCandidates(model, image);
      for (const c of candidates) {
        if (c.kind !== 'mask') continue;
        const m = (c as MaskCandidate).mask;
        const result = brushResult({
          id: `m${masks}`,
          fromName: 'tag',
          toName: 'image',
          labels: ['object'],
          mask: m,
          placement: m.placement,
          imageWidth: image.width,
          imageHeight: image.height,
        });
        if (result) masks++;
      }
    }
    ms = performance.now() - start;
  } finally {
    await releaseModel(model);
  }
  const cpu = probe.stop();
  const bareMs = spread(await bareNodeRuns(modelPath, warmup, bareRuns));
  return {
    tasksPerSecond: (images.length * 1000) / ms,
    masksPerImage: masks / images.length,
    bareMs,
    cpu,
  };
}

/** A 4000×3000 mask with a few large blobs and holes (≈ a third of the pixels on). */
function photoMask(width: number, height: number): BinaryMask {
  const data = new Uint8Array(width * height);
  const blobs = [
    { cx: 0.3, cy: 0.4, rx: 0.22, ry: 0.3, on: 1 },
    { cx: 0.7, cy: 0.6, rx: 0.18, ry: 0.25, on: 1 },
    { cx: 0.7, cy: 0.6, rx: 0.05, ry: 0.06, on: 0 },
    { cx: 0.5, cy: 0.15, rx: 0.08, ry: 0.05, on: 1 },
  ];
  for (const b of blobs) {
    const rx = b.rx * width;
    const ry = b.ry * height;
    const cx = b.cx * width;
    const cy = b.cy * height;
    for (let y = Math.max(0, Math.floor(cy - ry)); y < Math.min(height, Math.ceil(cy + ry)); y++) {
      const dy = (y - cy) / ry;
      const half = rx * Math.sqrt(Math.max(0, 1 - dy * dy));
      const x0 = Math.max(0, Math.round(cx - half));
      const x1 = Math.min(width, Math.round(cx + half));
      data.fill(b.on, y * width + x0, y * width + x1);
    }
  }
  return { width, height, data };
}

export interface MaskCosts {
  width: number;
  height: number;
  onFraction: number;
  /** Full-resolution mask → brush result (RLE bytes + the JSON number array). */
  brushFullMs: Spread;
  encodeRleFullMs: Spread;
  /** A model-resolution instance mask (320×240 cells) placed over 2400×1800 px → RLE of the 4000×3000 image. */
  brushPlacedMs: Spread;
  polygonsFullMs: Spread;
  polygons: number;
  polygonPoints: number;
  rleBytes: number;
}

function timeRepeated(repeats: number, fn: () => unknown): Spread {
  fn(); // warm-up: JIT
  const ms: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    fn();
    ms.push(performance.now() - start);
  }
  return spread(ms);
}

export function maskCosts(repeats: number): MaskCosts {
  const width = 4000;
  const height = 3000;
  const mask = photoMask(width, height);
  let on = 0;
  for (const v of mask.data) on += v;
  const small = photoMask(320, 240);
  const identity = { fromName: 'tag', toName: 'image', labels: ['object'] };
  let rleBytes = 0;
  let polygons = 0;
  let polygonPoints = 0;
  const brushFullMs = timeRepeated(repeats, () => {
    const r = brushResult({ id: 'a', ...identity, mask, imageWidth: width, imageHeight: height });
    rleBytes = (r?.value.rle as number[] | undefined)?.length ?? 0;
  });
  const encodeRleFullMs = timeRepeated(repeats, () => encodeMaskRle(mask, width, height));
  const brushPlacedMs = timeRepeated(repeats, () =>
    brushResult({
      id: 'b',
      ...identity,
      mask: small,
      placement: { x: 800, y: 600, width: 2400, height: 1800 },
      imageWidth: width,
      imageHeight: height,
    }),
  );
  const polygonsFullMs = timeRepeated(repeats, () => {
    const found = maskToPolygons(mask);
    polygons = found.length;
    polygonPoints = found.reduce((s, p) => s + p.points.length, 0);
  });
  return {
    width,
    height,
    onFraction: on / (width * height),
    brushFullMs,
    encodeRleFullMs,
    brushPlacedMs,
    polygonsFullMs,
    polygons,
    polygonPoints,
    rleBytes,
  };
}
