// Candidates decoded on a downscaled image → the original image's pixels
// (the worker decodes big photos smaller). Rotated boxes stay exact only for
// equal scales, which a proportional downscale gives.
import type { VisionCandidate } from '../mapping/vision-candidates';

export function scaleCandidate<T extends VisionCandidate>(c: T, sx: number, sy: number): T {
  if (c.kind === 'class') return c;
  const box = { x: c.x * sx, y: c.y * sy, width: c.width * sx, height: c.height * sy };
  if (c.kind === 'mask') {
    const p = c.mask.placement;
    return {
      ...c,
      ...box,
      mask: {
        ...c.mask,
        placement: { x: p.x * sx, y: p.y * sy, width: p.width * sx, height: p.height * sy },
      },
    };
  }
  if (c.kind === 'keypoints') {
    return {
      ...c,
      ...box,
      keypoints: c.keypoints.map((k) => ({ ...k, x: k.x * sx, y: k.y * sy })),
    };
  }
  return { ...c, ...box };
}
