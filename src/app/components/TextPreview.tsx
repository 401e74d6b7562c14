import type { TaskView } from '../../engine/api';
import { labelColor } from '../../engine/label-color';
import { passes } from '../preview/regions';
import { spansOf, textPieces } from '../preview/text-spans';

/**
 * A text task with its predicted spans highlighted in each label's colour.
 * The task text is rendered as React text nodes: markup in it shows as
 * characters, never as elements.
 */
export function TextPreview({ view, minScore }: { view: TaskView; minScore: number }) {
  if (!view.text) return <p className="muted">This task has no text for the config's object.</p>;
  const spans = spansOf(view.results, view.text.offsets).filter((s) => passes(s, minScore));
  const pieces = textPieces(view.text.value, spans);
  return (
    <div className="text-stage" data-testid="preview-text" data-object={view.text.object}>
      {pieces.map((piece) => {
        const top = piece.spans[piece.spans.length - 1];
        if (!top) return <span key={piece.start}>{piece.text}</span>;
        const color = labelColor(top.label);
        return (
          <mark
            key={piece.start}
            data-testid="preview-span"
            data-label={top.label}
            data-start={piece.start}
            title={`${top.label}${top.score !== undefined ? ` ${top.score.toFixed(2)}` : ''}`}
            style={{
              ['--span-color' as string]: color,
              borderBottomColor: color,
              backgroundColor: `color-mix(in srgb, ${color} 22%, transparent)`,
            }}
          >
            {piece.text}
          </mark>
        );
      })}
    </div>
  );
}
