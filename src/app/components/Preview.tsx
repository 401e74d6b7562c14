import { useState, type KeyboardEvent } from 'react';
import type { LsResult } from '../../core/results/types';
import type { TaskView } from '../../engine/api';
import { objectUrlFor } from '../object-url';
import { useApp } from '../store';

const COLORS = [
  '#e6194b',
  '#3cb44b',
  '#4363d8',
  '#f58231',
  '#911eb4',
  '#008080',
  '#f032e6',
  '#9a6324',
];

function colorFor(label: string): string {
  let h = 0;
  for (const ch of label) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return COLORS[h % COLORS.length] as string;
}

function labelOf(result: LsResult): string {
  const labels = result.value[result.type];
  return Array.isArray(labels) && typeof labels[0] === 'string' ? labels[0] : '';
}

function Boxes({ results, width, height }: { results: LsResult[]; width: number; height: number }) {
  const font = Math.max(10, Math.round(Math.max(width, height) / 45));
  const stroke = Math.max(1.5, Math.max(width, height) / 300);
  return (
    <svg
      className="overlay"
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      aria-hidden="true"
    >
      {results.map((r) => {
        const v = r.value as {
          x: number;
          y: number;
          width: number;
          height: number;
          rotation?: number;
        };
        const x = (v.x / 100) * width;
        const y = (v.y / 100) * height;
        const w = (v.width / 100) * width;
        const h = (v.height / 100) * height;
        const label = labelOf(r);
        const text = `${label || 'box'}${r.score !== undefined ? ` ${r.score.toFixed(2)}` : ''}`;
        const color = colorFor(label);
        return (
          <g
            key={r.id}
            data-testid="preview-box"
            data-label={label}
            data-score={r.score}
            transform={v.rotation ? `rotate(${v.rotation} ${x} ${y})` : undefined}
          >
            <rect
              x={x}
              y={y}
              width={w}
              height={h}
              fill="none"
              stroke={color}
              strokeWidth={stroke}
            />
            <rect
              x={x}
              y={Math.max(0, y - font * 1.3)}
              width={text.length * font * 0.6 + font * 0.4}
              height={font * 1.3}
              fill={color}
            />
            <text
              x={x + font * 0.2}
              y={Math.max(0, y - font * 1.3) + font}
              fontSize={font}
              fill="#fff"
            >
              {text}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function PreviewImage({ view, minScore }: { view: TaskView; minScore: number }) {
  // Natural size of the shown image, keyed by its source (set on load).
  const [natural, setNatural] = useState<{ src: string; width: number; height: number } | null>(
    null,
  );
  if (!view.image) return <p className="muted">This task has no image.</p>;
  const src = view.image.kind === 'file' ? objectUrlFor(view.image.file) : view.image.url;
  const first = view.results[0];
  const size =
    first?.original_width && first.original_height
      ? { width: first.original_width, height: first.original_height }
      : natural?.src === src
        ? natural
        : null;
  const shown = view.results.filter((r) => (r.score ?? 1) >= minScore);
  return (
    <div className="stage">
      <img
        src={src}
        alt={view.name}
        crossOrigin={view.image.kind === 'url' ? 'anonymous' : undefined}
        onLoad={(e) =>
          setNatural({
            src,
            width: e.currentTarget.naturalWidth,
            height: e.currentTarget.naturalHeight,
          })
        }
      />
      {size && <Boxes results={shown} width={size.width} height={size.height} />}
    </div>
  );
}

export function Preview() {
  const view = useApp((s) => s.preview);
  const index = useApp((s) => s.previewIndex);
  const total = useApp((s) => s.tasks?.total ?? 0);
  const minScore = useApp((s) => s.minScore);
  const error = useApp((s) => s.previewError);
  const { showTask, setMinScore } = useApp.getState();

  if (total === 0) {
    return (
      <section className="panel" aria-labelledby="preview-title">
        <h2 id="preview-title">8. Preview</h2>
        <p className="muted">Tasks appear here once added.</p>
      </section>
    );
  }

  const onKey = (e: KeyboardEvent) => {
    if (e.target instanceof HTMLInputElement) return;
    if (e.key === 'ArrowRight') void showTask(index + 1);
    if (e.key === 'ArrowLeft') void showTask(index - 1);
  };
  const kept = view ? view.results.filter((r) => (r.score ?? 1) >= minScore).length : 0;

  return (
    <section className="panel" aria-labelledby="preview-title" onKeyDown={onKey}>
      <h2 id="preview-title">8. Preview</h2>
      <div className="row">
        <button
          type="button"
          data-testid="preview-prev"
          disabled={index <= 0}
          onClick={() => void showTask(index - 1)}
        >
          ← Previous
        </button>
        <label htmlFor="preview-index">Task</label>
        <input
          id="preview-index"
          type="number"
          className="narrow"
          min={1}
          max={total}
          value={index + 1}
          onChange={(e) => {
            const n = e.currentTarget.valueAsNumber;
            if (Number.isFinite(n)) void showTask(n - 1);
          }}
        />
        <span>of {total}</span>
        <button
          type="button"
          data-testid="preview-next"
          disabled={index >= total - 1}
          onClick={() => void showTask(index + 1)}
        >
          Next →
        </button>
        <label htmlFor="min-score">Min score {minScore.toFixed(2)}</label>
        <input
          id="min-score"
          type="range"
          min={0}
          max={1}
          step={0.05}
          value={minScore}
          onChange={(e) => setMinScore(e.currentTarget.valueAsNumber)}
        />
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {view && (
        <div data-testid="preview" data-status={view.status} data-index={view.index}>
          <p>
            <strong data-testid="preview-name">{view.name}</strong>{' '}
            <span className="muted" data-testid="preview-status">
              {view.status === 'done'
                ? `${kept} of ${view.results.length} boxes shown${view.score !== undefined ? ` · task score ${view.score.toFixed(2)}` : ''}`
                : view.status === 'failed'
                  ? 'failed'
                  : 'not run yet'}
            </span>
          </p>
          {view.failure && (
            <p className="error">
              {view.failure.stage}: {view.failure.message}
            </p>
          )}
          <PreviewImage view={view} minScore={minScore} />
        </div>
      )}
    </section>
  );
}
