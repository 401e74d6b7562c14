// The learning curve: each version's cross-validated accuracy and macro-F1
// against its annotation count (geometry in app/learn/learning-curve.ts).
import type { LearnVersion } from '../../../engine/learn/types';
import { learningCurve } from '../../learn/learning-curve';

const pct = (q: number) => `${(q * 100).toFixed(1)} %`;

export function LearningCurve({ versions }: { versions: LearnVersion[] }) {
  const g = learningCurve(versions);
  if (g.accuracy.length === 0) {
    return (
      <p className="muted" data-testid="learn-curve-empty">
        The learning curve appears once a version has a quality estimate (2 annotations or more).
      </p>
    );
  }
  const summary = g.accuracy
    .map((p) => `${p.annotations} annotations: accuracy ${pct(p.value)}`)
    .join('; ');
  return (
    <figure className="learn-curve">
      <svg
        viewBox={`0 0 ${g.width} ${g.height}`}
        width="100%"
        role="img"
        aria-label={`Learning curve. ${summary}`}
        data-testid="learn-curve"
        data-points={g.accuracy.map((p) => `${p.annotations}:${p.value.toFixed(3)}`).join(',')}
      >
        <line
          x1={g.plot.left}
          x2={g.plot.left}
          y1={g.plot.top}
          y2={g.plot.bottom}
          className="axis"
        />
        <line
          x1={g.plot.left}
          x2={g.plot.right}
          y1={g.plot.bottom}
          y2={g.plot.bottom}
          className="axis"
        />
        {g.yTicks.map((t) => (
          <g key={t.label}>
            <line x1={g.plot.left} x2={g.plot.right} y1={t.y} y2={t.y} className="grid" />
            <text x={g.plot.left - 4} y={t.y + 3} textAnchor="end">
              {t.label}
            </text>
          </g>
        ))}
        {g.xTicks.map((t) => (
          <text key={t.label} x={t.x} y={g.plot.bottom + 12} textAnchor="middle">
            {t.label}
          </text>
        ))}
        <text x={(g.plot.left + g.plot.right) / 2} y={g.height - 2} textAnchor="middle">
          annotations
        </text>
        <path d={g.macroF1Path} className="line f1" />
        <path d={g.accuracyPath} className="line accuracy" />
        {g.accuracy.map((p) => (
          <circle key={`a${p.versionId}`} cx={p.x} cy={p.y} r={3} className="dot accuracy">
            <title>{`version ${p.versionId}: accuracy ${pct(p.value)} at ${p.annotations} annotations`}</title>
          </circle>
        ))}
        {g.macroF1.map((p) => (
          <circle key={`f${p.versionId}`} cx={p.x} cy={p.y} r={2.5} className="dot f1">
            <title>{`version ${p.versionId}: macro-F1 ${pct(p.value)}`}</title>
          </circle>
        ))}
      </svg>
      <figcaption className="muted">
        <span className="key accuracy">●</span> accuracy <span className="key f1">●</span> macro-F1,
        each scored by models that did not see the example (leave-one-out up to 20, then 5-fold)
      </figcaption>
    </figure>
  );
}
