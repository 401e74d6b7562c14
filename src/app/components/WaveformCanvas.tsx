import { useEffect, useRef } from 'react';
import type { Waveform } from '../../engine/api';

const HEIGHT = 120;

/** The min/max columns the worker made, one canvas pixel column each (CSS stretches it). */
export function WaveformCanvas({ wave }: { wave: Waveform }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const { min, max } = wave;
    context.clearRect(0, 0, min.length, HEIGHT);
    context.fillStyle = getComputedStyle(canvas.current!).color;
    const mid = HEIGHT / 2;
    for (let x = 0; x < min.length; x++) {
      const top = mid - Math.max(0, max[x]!) * mid;
      const bottom = mid - Math.min(0, min[x]!) * mid;
      context.fillRect(x, top, 1, Math.max(1, bottom - top));
    }
  }, [wave]);
  return (
    <canvas
      ref={canvas}
      className="waveform"
      data-testid="waveform"
      data-columns={wave.min.length}
      width={wave.min.length}
      height={HEIGHT}
      aria-label={`Waveform, ${wave.durationSeconds.toFixed(1)} s`}
    />
  );
}
