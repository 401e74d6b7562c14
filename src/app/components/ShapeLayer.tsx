import type { PreviewMask } from '../../engine/api';
import { labelColor } from '../../engine/label-color';
import type { PreviewShape } from '../preview/regions';

interface Props {
  shapes: PreviewShape[];
  /** Where the worker placed each mask bitmap: its caption goes there. */
  masks?: PreviewMask[];
  width: number;
  height: number;
}

/** Caption of a region: label, score and, for OCR, the text read. */
function caption(shape: PreviewShape): string {
  const name = shape.label || shape.kind;
  const text = shape.text ? ` “${shape.text}”` : '';
  const score = shape.score !== undefined ? ` ${shape.score.toFixed(2)}` : '';
  return `${name}${text}${score}`;
}

function Caption({
  x,
  y,
  text,
  color,
  font,
}: {
  x: number;
  y: number;
  text: string;
  color: string;
  font: number;
}) {
  const top = Math.max(0, y - font * 1.3);
  return (
    <>
      <rect
        x={x}
        y={top}
        width={text.length * font * 0.6 + font * 0.4}
        height={font * 1.3}
        fill={color}
      />
      <text x={x + font * 0.2} y={top + font} fontSize={font} fill="#fff">
        {text}
      </text>
    </>
  );
}

/** Every region of a task over its image, in image pixels (results are in percent). */
export function ShapeLayer({ shapes, masks = [], width, height }: Props) {
  const font = Math.max(10, Math.round(Math.max(width, height) / 45));
  const stroke = Math.max(1.5, Math.max(width, height) / 300);
  const px = (x: number) => (x / 100) * width;
  const py = (y: number) => (y / 100) * height;
  return (
    <svg
      className="overlay"
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      aria-hidden="true"
    >
      {shapes.map((s) => {
        const color = labelColor(s.label);
        const data = {
          'data-label': s.label,
          'data-score': s.score,
          'data-text': s.text,
        };
        const label = caption(s);
        switch (s.kind) {
          case 'rect': {
            const x = px(s.x);
            const y = py(s.y);
            return (
              <g
                key={s.id}
                data-testid="preview-box"
                {...data}
                transform={s.rotation ? `rotate(${s.rotation} ${x} ${y})` : undefined}
              >
                <rect
                  x={x}
                  y={y}
                  width={px(s.width)}
                  height={py(s.height)}
                  fill="none"
                  stroke={color}
                  strokeWidth={stroke}
                />
                <Caption x={x} y={y} text={label} color={color} font={font} />
              </g>
            );
          }
          case 'polygon': {
            const points = s.points.map(([x, y]) => `${px(x)},${py(y)}`).join(' ');
            const [x0, y0] = s.points[0] ?? [0, 0];
            return (
              <g key={s.id} data-testid="preview-polygon" {...data}>
                <polygon
                  points={points}
                  fill={color}
                  fillOpacity={0.2}
                  stroke={color}
                  strokeWidth={stroke}
                />
                <Caption x={px(x0)} y={py(y0)} text={label} color={color} font={font} />
              </g>
            );
          }
          case 'ellipse': {
            const cx = px(s.x);
            const cy = py(s.y);
            return (
              <g
                key={s.id}
                data-testid="preview-ellipse"
                {...data}
                transform={s.rotation ? `rotate(${s.rotation} ${cx} ${cy})` : undefined}
              >
                <ellipse
                  cx={cx}
                  cy={cy}
                  rx={px(s.radiusX)}
                  ry={py(s.radiusY)}
                  fill="none"
                  stroke={color}
                  strokeWidth={stroke}
                />
                <Caption x={cx} y={cy - py(s.radiusY)} text={label} color={color} font={font} />
              </g>
            );
          }
          case 'keypoint': {
            const r = Math.max(stroke * 1.5, px(s.width) / 2);
            return (
              <g key={s.id} data-testid="preview-keypoint" {...data}>
                <circle
                  cx={px(s.x)}
                  cy={py(s.y)}
                  r={r}
                  fill={color}
                  stroke="#fff"
                  strokeWidth={stroke / 2}
                />
                <title>{label}</title>
              </g>
            );
          }
          case 'mask': {
            const at = masks.find((m) => m.resultId === s.id);
            return (
              <g key={s.id} data-testid="preview-mask" {...data} data-drawn={at ? 'true' : 'false'}>
                {at && <Caption x={px(at.x)} y={py(at.y)} text={label} color={color} font={font} />}
              </g>
            );
          }
        }
      })}
    </svg>
  );
}
