import type { TaskView } from '../../engine/api';
import { labelColor } from '../../engine/label-color';
import { objectUrlFor } from '../object-url';
import { audioRegionsOf } from '../preview/audio-regions';
import { passes } from '../preview/regions';
import { useApp } from '../store';
import { useRegionPlayer } from './region-player';
import { WaveformCanvas } from './WaveformCanvas';

const time = (s: number) => `${s.toFixed(2)} s`;

/**
 * An audio task: its waveform with the predicted regions in their label's
 * colour, and a button per region playing start..end of the file.
 */
export function AudioPreview({ view, minScore }: { view: TaskView; minScore: number }) {
  const shown = useApp((s) => s.waveform);
  const { audio, playing, play } = useRegionPlayer();
  if (!view.audio) return <p className="muted">This task has no audio file.</p>;
  const { source } = view.audio;
  const src = source.kind === 'file' ? objectUrlFor(source.file) : source.url;
  const regions = audioRegionsOf(view.results).filter((r) => passes(r, minScore));
  const wave = shown && 'wave' in shown ? shown.wave : null;
  const duration = wave?.durationSeconds || Math.max(1, ...regions.map((r) => r.end));
  const percent = (s: number) => `${((100 * s) / duration).toFixed(3)}%`;
  return (
    <div data-testid="preview-audio" data-object={view.audio.object}>
      <div className="audio-stage">
        {wave ? <WaveformCanvas wave={wave} /> : <div className="waveform" />}
        {regions.map((r) => (
          <span
            key={r.id}
            className="audio-region"
            data-testid="audio-region"
            data-label={r.label}
            data-start={r.start}
            data-end={r.end}
            title={`${r.label} ${time(r.start)}–${time(r.end)}${r.score !== undefined ? ` · ${r.score.toFixed(2)}` : ''}`}
            style={{
              left: percent(r.start),
              width: percent(r.end - r.start),
              borderColor: labelColor(r.label),
              backgroundColor: `color-mix(in srgb, ${labelColor(r.label)} 25%, transparent)`,
            }}
          />
        ))}
      </div>
      {shown && 'error' in shown && (
        <p className="error" data-testid="waveform-error">
          {shown.error}
        </p>
      )}
      <audio ref={audio} src={src} controls preload="metadata" data-testid="preview-player" />
      <ol className="audio-regions">
        {regions.map((r) => (
          <li key={r.id}>
            <button
              type="button"
              data-testid="play-region"
              aria-pressed={playing === r.id}
              onClick={() => play(r.id, r.start, r.end)}
            >
              ▶ Play
            </button>{' '}
            <span className="swatch" style={{ backgroundColor: labelColor(r.label) }} />
            {r.label} {time(r.start)}–{time(r.end)}
            {r.score !== undefined ? ` · ${r.score.toFixed(2)}` : ''}
            {r.text ? <q data-testid="region-text">{r.text}</q> : null}
          </li>
        ))}
      </ol>
    </div>
  );
}
