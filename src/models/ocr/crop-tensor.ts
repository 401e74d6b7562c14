import type { RgbaImage, TensorData } from '../types';

/**
 * Crops (all `height` tall, at most `width` wide) as one [N,3,height,width]
 * batch for the rec and cls models: BGR like OpenCV, (v/255 − 0.5)/0.5, and
 * zeros (mid-grey after normalising) to the right of narrower crops, as
 * PaddleOCR's resize_norm_img pads.
 */
export function cropsToTensor(
  crops: readonly RgbaImage[],
  height: number,
  width: number,
): TensorData {
  const plane = height * width;
  const data = new Float32Array(crops.length * 3 * plane);
  crops.forEach((crop, n) => {
    if (crop.height !== height || crop.width > width) {
      throw new Error(`crop ${crop.width}×${crop.height} does not fit a ${width}×${height} batch`);
    }
    const base = n * 3 * plane;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < crop.width; x++) {
        const s = (y * crop.width + x) * 4;
        const o = base + y * width + x;
        data[o] = crop.data[s + 2]! / 127.5 - 1;
        data[o + plane] = crop.data[s + 1]! / 127.5 - 1;
        data[o + 2 * plane] = crop.data[s]! / 127.5 - 1;
      }
    }
  });
  return { type: 'float32', data, dims: [crops.length, 3, height, width] };
}
