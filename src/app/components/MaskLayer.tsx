import { useEffect, useRef } from 'react';
import type { PreviewMask } from '../../engine/api';

/** Canvas pixels on the longer side: masks come from the worker at most this fine. */
const CANVAS_SIDE = 1024;

/** Brush regions: bitmaps painted by the worker, drawn under the outlines. */
export function MaskLayer({
  masks,
  width,
  height,
}: {
  masks: PreviewMask[];
  width: number;
  height: number;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const scale = Math.min(1, CANVAS_SIDE / Math.max(width, height));
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    context.clearRect(0, 0, w, h);
    for (const m of masks) {
      // A bitmap closed by a newer preview has size 0: skip it.
      if (m.bitmap.width === 0) continue;
      context.drawImage(
        m.bitmap,
        (m.x / 100) * w,
        (m.y / 100) * h,
        (m.width / 100) * w,
        (m.height / 100) * h,
      );
    }
  }, [masks, w, h]);
  return <canvas ref={canvas} className="overlay" width={w} height={h} data-testid="mask-layer" />;
}
