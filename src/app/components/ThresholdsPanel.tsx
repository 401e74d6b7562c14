import { SCORE_AGGREGATIONS, type ScoreAggregation } from '../../core/export/score';
import { isAudioModelKind, isTextModelKind } from '../../engine/api';
import { useApp } from '../store';
import { GenerationFields } from './GenerationFields';
import { NumberField } from './NumberField';

const SCORE_TEXT: Record<ScoreAggregation, string> = {
  mean: 'mean of the regions (default)',
  min: 'least confident region',
  max: 'most confident region',
  'uncertainty-margin': 'closest to 0.5 (uncertainty margin)',
};

export function ThresholdsPanel() {
  const options = useApp((s) => s.options);
  const kind = useApp((s) => s.model?.kind);
  const ocr = kind === 'text';
  // Text and audio models: their own scores, no NMS or region cap.
  const text = kind !== undefined && (isTextModelKind(kind) || isAudioModelKind(kind));
  const scoreMethod = useApp((s) => s.scoreMethod);
  const override = useApp((s) => s.versionOverride);
  const computed = useApp((s) => s.computedVersion);
  const running = useApp((s) => s.runStatus === 'running' || s.runStatus === 'paused');
  const rethreshold = useApp((s) => s.rethresholdStatus);
  const { setOptions, setScoreMethod, setVersionOverride } = useApp.getState();
  return (
    <section className="panel" aria-labelledby="thresholds-title">
      <h2 id="thresholds-title">Thresholds and prediction settings</h2>
      <div className="grid-form">
        <NumberField
          id="confidence"
          label={
            ocr
              ? 'Minimum recognition score'
              : kind === 'text-span'
                ? 'Minimum span score'
                : kind === 'audio-regions' || kind === 'audio-textarea'
                  ? 'Minimum region score'
                  : kind === 'text-choices'
                    ? 'Minimum choice probability'
                    : 'Minimum confidence'
          }
          value={options.confidence}
          min={0}
          max={1}
          step={0.05}
          disabled={running}
          onChange={(confidence) => setOptions({ confidence })}
        />
        {kind === 'text-textarea' && <GenerationFields disabled={running} />}
        {!ocr && !text && (
          <>
            <NumberField
              id="iou"
              label="Overlap (IoU) for NMS"
              value={options.iou}
              min={0}
              max={1}
              step={0.05}
              disabled={running}
              onChange={(iou) => setOptions({ iou })}
            />
            <NumberField
              id="max-detections"
              label="Max regions per image"
              value={options.maxDetections}
              min={1}
              max={10000}
              step={1}
              disabled={running}
              onChange={(maxDetections) => setOptions({ maxDetections: Math.round(maxDetections) })}
            />
          </>
        )}
        {/* Text models score a task themselves (spans 1, a choice its probability). */}
        {!text && (
          <>
            <label
              htmlFor="score-method"
              title="Lower = less certain = label sooner. The regions' confidences combined this way, lowered by the best candidate just under the threshold (1 − its score ÷ the threshold); a task with nothing found is scored by that near miss alone, 1 when none."
            >
              Task score
            </label>
            <select
              id="score-method"
              data-testid="score-method"
              value={scoreMethod}
              disabled={running}
              onChange={(e) => setScoreMethod(e.currentTarget.value as ScoreAggregation)}
            >
              {SCORE_AGGREGATIONS.map((m) => (
                <option key={m} value={m}>
                  {SCORE_TEXT[m]}
                </option>
              ))}
            </select>
          </>
        )}
        <label htmlFor="model-version">model_version</label>
        <input
          id="model-version"
          data-testid="model-version"
          type="text"
          spellCheck={false}
          value={override || computed || ''}
          placeholder="load a model"
          disabled={running || !computed}
          onChange={(e) => setVersionOverride(e.currentTarget.value)}
        />
      </div>
      <p className="muted">
        Label Studio sorts tasks by score, lowest first. The model_version changes with the model,
        the mapping and the thresholds
        {override && computed && override !== computed ? (
          <>
            {' '}
            (computed: <code>{computed}</code>{' '}
            <button type="button" className="link" onClick={() => setVersionOverride('')}>
              use it
            </button>
            )
          </>
        ) : (
          ''
        )}
        .
      </p>
      {rethreshold && (
        <p
          className={rethreshold.state === 'error' ? 'error' : 'ok'}
          role="status"
          data-testid="rethreshold-status"
          data-state={rethreshold.state}
        >
          {rethreshold.text}
        </p>
      )}
    </section>
  );
}
