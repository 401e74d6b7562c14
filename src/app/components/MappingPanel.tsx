import { useState } from 'react';
import { labelNames } from '../../core/config/queries';
import { useApp } from '../store';

const REASONS: Record<string, string> = {
  predicted_values: 'predicted_values',
  exact: 'same name',
  normalized: 'same name (case/spacing)',
  plural: 'singular/plural',
  'geometry-only': 'no labels in control',
};

export function MappingPanel() {
  const targets = useApp((s) => s.targets);
  const targetKey = useApp((s) => s.targetKey);
  const model = useApp((s) => s.model);
  const mapping = useApp((s) => s.mapping);
  const reasons = useApp((s) => s.mappingReasons);
  const running = useApp((s) => s.runStatus === 'running' || s.runStatus === 'paused');
  const config = useApp((s) => s.config);
  const { chooseTarget, setMapping, resetMapping } = useApp.getState();
  const [showAll, setShowAll] = useState(false);

  const target = targets.find((t) => t.key === targetKey);
  const labels = target ? labelNames(target.control) : [];
  const classes = model?.classNames ?? [];
  const mappedCount = classes.filter((c) => mapping[c] !== null && mapping[c] !== undefined).length;
  const shown = showAll
    ? classes
    : classes.filter((c) => mapping[c] !== null && mapping[c] !== undefined);

  return (
    <section className="panel" aria-labelledby="mapping-title">
      <h2 id="mapping-title">5. Classes → labels</h2>
      {config && targets.length === 0 && (
        <p className="error" role="alert" data-testid="no-target">
          The config has no RectangleLabels or Rectangle control on an Image: detection boxes have
          nowhere to go.
        </p>
      )}
      {targets.length > 1 && (
        <div className="row">
          <label htmlFor="target">Boxes go to</label>
          <select
            id="target"
            data-testid="target-select"
            value={targetKey ?? ''}
            disabled={running}
            onChange={(e) => chooseTarget(e.currentTarget.value)}
          >
            {targets.map((t) => (
              <option key={t.key} value={t.key}>
                {t.control.tag} "{t.fromName}" on Image "{t.toName}"
              </option>
            ))}
          </select>
        </div>
      )}
      {targets.length === 1 && target && (
        <p className="muted">
          Boxes go to {target.control.tag} "{target.fromName}" on Image "{target.toName}".
        </p>
      )}
      {!model && <p className="muted">Load a model to map its classes.</p>}
      {model && target && (
        <>
          <p data-testid="mapping-summary">
            {mappedCount} of {classes.length} classes mapped; unmapped classes are dropped.
          </p>
          <div className="row">
            <label>
              <input
                type="checkbox"
                checked={showAll}
                onChange={(e) => setShowAll(e.currentTarget.checked)}
              />{' '}
              Show all {classes.length} classes
            </label>
            <button type="button" onClick={resetMapping} disabled={running}>
              Re-match automatically
            </button>
          </div>
          <div className="table-wrap">
            <table data-testid="mapping-table">
              <thead>
                <tr>
                  <th scope="col">Model class</th>
                  <th scope="col">Label</th>
                  <th scope="col">Matched by</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((cls) => {
                  const value = mapping[cls];
                  const id = `map-${cls}`;
                  return (
                    <tr key={cls} data-testid="mapping-row" data-class={cls}>
                      <th scope="row">
                        <label htmlFor={id}>{cls}</label>
                      </th>
                      <td>
                        <select
                          id={id}
                          value={value === null || value === undefined ? '\u0000drop' : value}
                          disabled={running}
                          onChange={(e) => {
                            const v = e.currentTarget.value;
                            setMapping(cls, v === '\u0000drop' ? null : v);
                          }}
                        >
                          <option value={'\u0000drop'}>— drop —</option>
                          {labels.length === 0 && <option value="">(box without label)</option>}
                          {labels.map((l) => (
                            <option key={l} value={l}>
                              {l}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td className="muted">{reasons[cls] ? REASONS[reasons[cls]] : 'manual'}</td>
                    </tr>
                  );
                })}
                {shown.length === 0 && (
                  <tr>
                    <td colSpan={3} className="warn">
                      No class matches a label: show all classes and pick labels by hand.
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
