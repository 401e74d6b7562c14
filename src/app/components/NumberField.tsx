// A labelled number input that only reports finite values, clamped to its range.

interface FieldProps {
  id: string;
  label: string;
  value: number;
  min: number;
  /** None: no upper bound. */
  max?: number;
  step: number;
  disabled: boolean;
  className?: string;
  title?: string;
  onChange(value: number): void;
}

export function NumberField(props: FieldProps) {
  const { id, label, value, min, max, step, disabled, className, title, onChange } = props;
  return (
    <>
      <label htmlFor={id} title={title}>
        {label}
      </label>
      <input
        id={id}
        data-testid={id}
        type="number"
        className={className}
        min={min}
        max={max}
        step={step}
        value={value}
        disabled={disabled}
        onChange={(e) => {
          const v = e.currentTarget.valueAsNumber;
          if (Number.isFinite(v)) onChange(Math.min(max ?? Infinity, Math.max(min, v)));
        }}
      />
    </>
  );
}
