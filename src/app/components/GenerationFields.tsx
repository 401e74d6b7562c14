// A generation model's run settings, as `prelabel predict` takes them: a
// prompt template with `$field` references, greedy or seeded top-k/top-p
// sampling, a token limit and stop strings. Empty fields keep the model's
// defaults (greedy, 64 tokens, no stop string).
import { useState } from 'react';
import type { GenerationRequest } from '../../engine/api';
import { GENERATION_LIMITS, type GenerationLimitKey } from '../../models/shared/generation-limits';
import { useApp } from '../store';

type NumberKey = GenerationLimitKey;

function OptionalNumber(props: {
  id: string;
  label: string;
  field: NumberKey;
  step: number;
  placeholder: string;
  disabled: boolean;
}) {
  const value = useApp((s) => s.generation[props.field]);
  const { min, max } = GENERATION_LIMITS[props.field];
  const { setGeneration } = useApp.getState();
  return (
    <>
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        data-testid={props.id}
        type="number"
        min={min}
        max={max}
        step={props.step}
        placeholder={props.placeholder}
        value={value ?? ''}
        disabled={props.disabled}
        onChange={(e) => {
          const v = e.currentTarget.valueAsNumber;
          if (e.currentTarget.value === '') setGeneration({ [props.field]: undefined });
          else if (Number.isFinite(v))
            setGeneration({ [props.field]: Math.min(max, Math.max(min, v)) });
        }}
      />
    </>
  );
}

/** Stop strings: one a line, `\n` for a line break (as `--stop "\n"`). */
const stopsOf = (text: string): string[] =>
  text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.replace(/\\n/g, '\n'));

const textOfStops = (stops: readonly string[] | undefined): string =>
  (stops ?? []).map((s) => s.replace(/\n/g, '\\n')).join('\n');

export function GenerationFields({ disabled }: { disabled: boolean }) {
  const generation = useApp((s) => s.generation);
  const { setGeneration } = useApp.getState();
  // the typed text (a line being typed is not a stop string yet); the store's
  // stops when they were set elsewhere (a resumed run's settings put back)
  const [typed, setStopText] = useState(() => textOfStops(generation.stop));
  const same = stopsOf(typed).join('\u0000') === (generation.stop ?? []).join('\u0000');
  const stopText = same ? typed : textOfStops(generation.stop);
  const sample = generation.strategy === 'sample';
  return (
    <>
      <label htmlFor="generation-prompt" title="$text, $meta.title… are the task's data fields">
        Prompt template
      </label>
      <textarea
        id="generation-prompt"
        data-testid="generation-prompt"
        rows={2}
        spellCheck={false}
        placeholder="default: the task's text or dialogue (e.g. Summary of $text:)"
        value={generation.prompt ?? ''}
        disabled={disabled}
        onChange={(e) => setGeneration({ prompt: e.currentTarget.value || undefined })}
      />
      <label htmlFor="generation-strategy">Decoding</label>
      <select
        id="generation-strategy"
        data-testid="generation-strategy"
        value={generation.strategy}
        disabled={disabled}
        onChange={(e) =>
          setGeneration({ strategy: e.currentTarget.value as GenerationRequest['strategy'] })
        }
      >
        <option value="greedy">greedy (the likeliest token)</option>
        <option value="sample">sampling (top-k / top-p, seeded)</option>
      </select>
      {sample && (
        <>
          <OptionalNumber
            id="generation-seed"
            label="Seed"
            field="seed"
            step={1}
            placeholder="0"
            disabled={disabled}
          />
          <OptionalNumber
            id="generation-top-k"
            label="Top-k (0 = all)"
            field="topK"
            step={1}
            placeholder="0"
            disabled={disabled}
          />
          <OptionalNumber
            id="generation-top-p"
            label="Top-p"
            field="topP"
            step={0.05}
            placeholder="1"
            disabled={disabled}
          />
          <OptionalNumber
            id="generation-temperature"
            label="Temperature"
            field="temperature"
            step={0.1}
            placeholder="1"
            disabled={disabled}
          />
        </>
      )}
      <OptionalNumber
        id="generation-max-tokens"
        label="Max new tokens"
        field="maxNewTokens"
        step={1}
        placeholder="64"
        disabled={disabled}
      />
      <label htmlFor="generation-stop" title="One a line; \n stands for a line break">
        Stop strings
      </label>
      <textarea
        id="generation-stop"
        data-testid="generation-stop"
        rows={2}
        spellCheck={false}
        placeholder="one a line, \n for a line break"
        value={stopText}
        disabled={disabled}
        onChange={(e) => {
          setStopText(e.currentTarget.value);
          const stops = stopsOf(e.currentTarget.value);
          setGeneration({ stop: stops.length > 0 ? stops : undefined });
        }}
      />
    </>
  );
}
