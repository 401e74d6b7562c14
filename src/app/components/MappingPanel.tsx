import { useState } from 'react';
import { labelNames } from '../../core/config/queries';
import type { ControlTag } from '../../core/config/types';
import type { ShownReason } from '../saved-mapping';
import { isTextTarget, type AppTarget } from '../targets';
import { useApp } from '../store';

const REASONS: Record<ShownReason, string> = {
  predicted_values: 'predicted_values',
  exact: 'same name',
  normalized: 'same name (case/spacing)',
  plural: 'singular/plural',
  'geometry-only': 'no labels in control',
  saved: 'your saved choice',
  manual: 'manual',
};

const DROP = '\u0000drop';
const NO_REASONS: Record<string, ShownReason> = {};

function ConfidenceInput({ classIndex, name }: { classIndex: number; name: string }) {
  const value = useApp((s) => s.options.classConfidence?.[classIndex]);
  const global = useApp((s) => s.options.confidence);
  const running = useApp((s) => s.runStatus === 'running' || s.runStatus === 'paused');
  const setClassConfidence = useApp((s) => s.setClassConfidence);
  return (
    <input
      type="number"
      className="narrow"
      aria-label={`Minimum confidence for ${name}`}
      data-testid="class-confidence"
      min={0}
      max={1}
      step={0.05}
      placeholder={global.toFixed(2)}
      value={value ?? ''}
      disabled={running}
      onChange={(e) => {
        const v = e.currentTarget.valueAsNumber;
        setClassConfidence(classIndex, Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : null);
      }}
    />
  );
}

interface TableProps {
  target: AppTarget;
  control: ControlTag | undefined;
  /** Model class names or, for keypoint targets, keypoint names. */
  names: readonly string[];
  /** Per-class thresholds apply to model classes, so one table shows them. */
  withThresholds: boolean;
  main: boolean;
}

function MappingTable({ target, control, names, withThresholds, main }: TableProps) {
  const reasons = useApp((s) => s.mappingReasons[target.fromName] ?? NO_REASONS);
  const running = useApp((s) => s.runStatus === 'running' || s.runStatus === 'paused');
  const setMapping = useApp((s) => s.setMapping);
  const [showAll, setShowAll] = useState(false);
  const labels = control ? labelNames(control) : [];
  const mapped = (n: string) => target.mapping[n] !== null && target.mapping[n] !== undefined;
  const mappedCount = names.filter(mapped).length;
  // Classes the user changed stay in view, even when now dropped.
  const touched = (n: string) => reasons[n] === 'manual' || reasons[n] === 'saved';
  const shown = showAll ? names : names.filter((n) => mapped(n) || touched(n));
  const what = target.kind === 'keypoint' ? 'keypoints' : 'classes';

  return (
    <div className="mapping" data-testid="mapping" data-from={target.fromName}>
      <h3>
        {control?.tag ?? target.kind} "{target.fromName}"
      </h3>
      <p data-testid={main ? 'mapping-summary' : undefined}>
        {mappedCount} of {names.length} {what} mapped; unmapped {what} are dropped.
      </p>
      <div className="row">
        <label>
          <input
            type="checkbox"
            checked={showAll}
            onChange={(e) => setShowAll(e.currentTarget.checked)}
          />{' '}
          Show all {names.length} {what}
        </label>
      </div>
      <div className="table-wrap">
        <table data-testid={main ? 'mapping-table' : undefined}>
          <thead>
            <tr>
              <th scope="col">Model {target.kind === 'keypoint' ? 'keypoint' : 'class'}</th>
              <th scope="col">Label</th>
              <th scope="col">Matched by</th>
              {withThresholds && <th scope="col">Min confidence</th>}
            </tr>
          </thead>
          <tbody>
            {shown.map((name) => {
              const value = target.mapping[name];
              const id = `map-${target.fromName}-${name}`;
              const reason = reasons[name];
              return (
                <tr key={name} data-testid="mapping-row" data-class={name}>
                  <th scope="row">
                    <label htmlFor={id}>{name}</label>
                  </th>
                  <td>
                    <select
                      id={id}
                      value={value === null || value === undefined ? DROP : value}
                      disabled={running}
                      onChange={(e) => {
                        const v = e.currentTarget.value;
                        setMapping(target.fromName, name, v === DROP ? null : v);
                      }}
                    >
                      <option value={DROP}>— drop —</option>
                      {labels.length === 0 && <option value="">(shape without label)</option>}
                      {labels.map((l) => (
                        <option key={l} value={l}>
                          {l}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className="muted" data-testid="mapping-reason">
                    {reason ? REASONS[reason] : 'no match'}
                  </td>
                  {withThresholds && (
                    <td>
                      <ConfidenceInput classIndex={names.indexOf(name)} name={name} />
                    </td>
                  )}
                </tr>
              );
            })}
            {shown.length === 0 && (
              <tr>
                <td colSpan={withThresholds ? 4 : 3} className="warn">
                  No {target.kind === 'keypoint' ? 'keypoint' : 'class'} matches a label: show all
                  and pick labels by hand.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** The control (or image) predictions go to, when the config offers several. */
function TargetSelect(props: {
  id: string;
  label: string;
  choices: readonly { key: string; title: string }[];
  value: string | null | undefined;
  disabled: boolean;
  onChange: (key: string) => void;
}) {
  return (
    <div className="row">
      <label htmlFor={props.id}>{props.label}</label>
      <select
        id={props.id}
        data-testid="target-select"
        value={props.value ?? ''}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      >
        {props.choices.map((c) => (
          <option key={c.key} value={c.key}>
            {c.title}
          </option>
        ))}
      </select>
    </div>
  );
}

function OcrTargetInfo() {
  const choices = useApp((s) => s.ocrChoices);
  const ocrImage = useApp((s) => s.ocrImage);
  const running = useApp((s) => s.runStatus === 'running' || s.runStatus === 'paused');
  const chooseOcrImage = useApp((s) => s.chooseOcrImage);
  const chosen = choices.find((c) => c.key === ocrImage);
  if (choices.length > 1) {
    return (
      <TargetSelect
        id="ocr-target"
        label="Text goes to"
        choices={choices}
        value={ocrImage}
        disabled={running}
        onChange={chooseOcrImage}
      />
    );
  }
  return chosen ? (
    <p className="muted" data-testid="ocr-target">
      Text lines go to {chosen.title}
      {chosen.target.label ? `, labelled "${chosen.target.label.labels[0]}"` : ''}.
    </p>
  ) : null;
}

export function MappingPanel() {
  const choices = useApp((s) => s.targetChoices);
  const targetKey = useApp((s) => s.targetKey);
  const targets = useApp((s) => s.targets);
  const model = useApp((s) => s.model);
  const config = useApp((s) => s.config);
  const targetError = useApp((s) => s.targetError);
  const restored = useApp((s) => s.mappingRestored);
  const running = useApp((s) => s.runStatus === 'running' || s.runStatus === 'paused');
  const { chooseTarget, resetMapping } = useApp.getState();
  const choice = choices.find((c) => c.key === targetKey);
  const firstClassTarget = targets.findIndex((t) => t.kind !== 'keypoint');

  return (
    <section className="panel" aria-labelledby="mapping-title">
      <h2 id="mapping-title">Classes → labels</h2>
      {config && model && targetError && (
        <p className="error" role="alert" data-testid="no-target">
          {targetError}
        </p>
      )}
      {!model && <p className="muted">Load a model to map its classes.</p>}
      {model?.kind === 'text' && config && <OcrTargetInfo />}
      {choices.length > 1 && (
        <TargetSelect
          id="target"
          label="Predictions go to"
          choices={choices}
          value={targetKey}
          disabled={running}
          onChange={chooseTarget}
        />
      )}
      {choices.length === 1 && choice && <p className="muted">Predictions go to {choice.title}.</p>}
      {model && choice && (
        <>
          {restored && (
            <p className="muted" role="status" data-testid="mapping-restored">
              Restored your mapping for this model and config.
            </p>
          )}
          <div className="row">
            <button type="button" onClick={resetMapping} disabled={running}>
              Re-match automatically
            </button>
          </div>
          {targets.map((target, i) =>
            // A reply has no classes to map.
            target.kind === 'text-textarea' ? null : (
              <MappingTable
                key={target.fromName}
                target={target}
                control={choice.controls[i]}
                names={target.kind === 'keypoint' ? (model.keypointNames ?? []) : model.classNames}
                withThresholds={i === firstClassTarget && !isTextTarget(target)}
                main={i === Math.max(0, firstClassTarget)}
              />
            ),
          )}
        </>
      )}
    </section>
  );
}
