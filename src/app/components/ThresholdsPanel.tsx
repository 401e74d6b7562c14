import { useApp } from '../store';

interface FieldProps {
  id: string;
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  disabled: boolean;
  onChange(value: number): void;
}

function NumberField({ id, label, value, min, max, step, disabled, onChange }: FieldProps) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        data-testid={id}
        type="number"
        min={min}
        max={max}
        step={step}
        value={value}
        disabled={disabled}
        onChange={(e) => {
          const v = e.currentTarget.valueAsNumber;
          if (Number.isFinite(v)) onChange(Math.min(max, Math.max(min, v)));
        }}
      />
    </>
  );
}

export function ThresholdsPanel() {
  const options = useApp((s) => s.options);
  const running = useApp((s) => s.runStatus === 'running' || s.runStatus === 'paused');
  const setOptions = useApp((s) => s.setOptions);
  return (
    <section className="panel" aria-labelledby="thresholds-title">
      <h2 id="thresholds-title">6. Thresholds</h2>
      <div className="grid-form">
        <NumberField
          id="confidence"
          label="Minimum confidence"
          value={options.confidence}
          min={0}
          max={1}
          step={0.05}
          disabled={running}
          onChange={(confidence) => setOptions({ confidence })}
        />
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
          label="Max boxes per image"
          value={options.maxDetections}
          min={1}
          max={10000}
          step={1}
          disabled={running}
          onChange={(maxDetections) => setOptions({ maxDetections: Math.round(maxDetections) })}
        />
      </div>
    </section>
  );
}
