import { useEffect, useState } from 'react';
import type { TaskView } from '../../engine/api';
import { objectUrlFor } from '../object-url';
import { passes, previewItems, type PreviewTag } from '../preview/regions';
import { useApp } from '../store';
import { MaskLayer } from './MaskLayer';
import { ShapeLayer } from './ShapeLayer';
import { TextPreview } from './TextPreview';
import { AudioPreview } from './AudioPreview';
import { audioRegionsOf } from '../preview/audio-regions';
import { spansOf } from '../preview/text-spans';

function Tags({ tags }: { tags: PreviewTag[] }) {
  if (tags.length === 0) return null;
  return (
    <ul className="tags" aria-label="Whole-task answers">
      {tags.flatMap((tag) =>
        tag.values.map((value) => (
          <li
            key={`${tag.id}-${value}`}
            className="tag"
            data-testid="preview-choice"
            data-value={value}
            data-score={tag.score}
          >
            <span className="muted">{tag.fromName}:</span> {value}
            {tag.score !== undefined ? ` ${tag.score.toFixed(2)}` : ''}
          </li>
        )),
      )}
    </ul>
  );
}

function PreviewImage({ view, minScore }: { view: TaskView; minScore: number }) {
  // Natural size of the shown image, keyed by its source (set on load).
  const [natural, setNatural] = useState<{ src: string; width: number; height: number } | null>(
    null,
  );
  const [failed, setFailed] = useState<string | null>(null);
  if (!view.image) return <p className="muted">This task has no image.</p>;
  const src = view.image.kind === 'file' ? objectUrlFor(view.image.file) : view.image.url;
  const first = view.results.find((r) => r.original_width && r.original_height);
  const size =
    first?.original_width && first.original_height
      ? { width: first.original_width, height: first.original_height }
      : natural?.src === src
        ? natural
        : null;
  const { shapes } = previewItems(view.results);
  const kept = shapes.filter((s) => passes(s, minScore));
  const keptIds = new Set(kept.map((s) => s.id));
  const masks = (view.masks ?? []).filter((m) => keptIds.has(m.resultId));
  return (
    <div
      className="stage"
      // As large as the column allows, but never taller than 75% of the screen.
      style={
        size ? { width: `min(100%, ${((75 * size.width) / size.height).toFixed(2)}vh)` } : undefined
      }
    >
      {failed === src && (
        <p className="warn" data-testid="preview-image-error">
          The image did not load from {src}. Its server must allow this page (CORS); a host named in
          this session is allowed after a page reload.
        </p>
      )}
      <img
        src={src}
        alt={view.name}
        data-testid="preview-image"
        crossOrigin={view.image.kind === 'url' ? 'anonymous' : undefined}
        onError={() => setFailed(src)}
        onLoad={(e) =>
          setNatural({
            src,
            width: e.currentTarget.naturalWidth,
            height: e.currentTarget.naturalHeight,
          })
        }
      />
      {size && masks.length > 0 && (
        <MaskLayer masks={masks} width={size.width} height={size.height} />
      )}
      {size && <ShapeLayer shapes={kept} masks={masks} width={size.width} height={size.height} />}
    </div>
  );
}

/** ←/→ step through tasks, unless the user is typing in a field. */
function useArrowKeys(index: number, showTask: (i: number) => Promise<void>) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target;
      if (
        e.altKey ||
        e.ctrlKey ||
        e.metaKey ||
        t instanceof HTMLInputElement ||
        t instanceof HTMLTextAreaElement ||
        t instanceof HTMLSelectElement ||
        (t instanceof HTMLElement && t.isContentEditable)
      ) {
        return;
      }
      if (e.key === 'ArrowRight') void showTask(index + 1);
      else if (e.key === 'ArrowLeft') void showTask(index - 1);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [index, showTask]);
}

export function Preview() {
  const view = useApp((s) => s.preview);
  const index = useApp((s) => s.previewIndex);
  const total = useApp((s) => s.tasks?.total ?? 0);
  const minScore = useApp((s) => s.minScore);
  const error = useApp((s) => s.previewError);
  const showTask = useApp((s) => s.showTask);
  const setMinScore = useApp((s) => s.setMinScore);
  const unfinished = useApp((s) => s.resumeOffer !== null || s.savedRun !== null);
  useArrowKeys(index, showTask);

  if (total === 0) {
    return (
      <section className="panel" aria-labelledby="preview-title">
        <h2 id="preview-title">4. Review</h2>
        <p className="muted">Tasks appear here once added.</p>
      </section>
    );
  }

  // Text tasks: spans are drawn on the text; audio: regions on the waveform;
  // the rest (choices, replies, transcripts of the whole file) are tags.
  const spans = view?.text
    ? spansOf(view.results, view.text.offsets)
    : view?.audio
      ? audioRegionsOf(view.results)
      : [];
  const spanIds = new Set(spans.map((s) => s.id));
  const items = view
    ? previewItems(view.results.filter((r) => !spanIds.has(r.id)))
    : { shapes: [], tags: [] };
  const regions = view?.text || view?.audio ? spans : items.shapes;
  const kept = regions.filter((s) => passes(s, minScore)).length;
  const tags = items.tags.filter((t) => passes(t, minScore));

  return (
    <section className="panel" aria-labelledby="preview-title">
      <h2 id="preview-title">4. Review</h2>
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
        <label
          htmlFor="min-score"
          title="Only what you see here: the export keeps every region the run made (set Minimum confidence for that)"
        >
          Show regions scoring ≥ {minScore.toFixed(2)} (view only, not the export)
        </label>
        <input
          id="min-score"
          data-testid="min-score"
          type="range"
          min={0}
          max={1}
          step={0.05}
          value={minScore}
          onChange={(e) => setMinScore(e.currentTarget.valueAsNumber)}
        />
      </div>
      <p className="muted">Keys ← and → step through the tasks.</p>
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
                ? `${kept} of ${regions.length} ${view.text ? 'spans' : 'regions'} shown${view.score !== undefined ? ` · task score ${view.score.toFixed(2)}` : ''}`
                : view.status === 'failed'
                  ? 'failed'
                  : unfinished
                    ? 'not run in this session (resume the unfinished run to see its results)'
                    : 'not run yet'}
            </span>
          </p>
          {view.failure && (
            <p className="error">
              {view.failure.stage}: {view.failure.message}
            </p>
          )}
          <Tags tags={tags} />
          {view.text ? (
            <TextPreview view={view} minScore={minScore} />
          ) : view.audio ? (
            <AudioPreview view={view} minScore={minScore} />
          ) : (
            <PreviewImage view={view} minScore={minScore} />
          )}
        </div>
      )}
    </section>
  );
}
