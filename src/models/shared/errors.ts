/**
 * A model whose inputs/outputs do not have the layout a family expects.
 * The message says both what was expected and what was found, so a user who
 * dropped the wrong file can tell why it was refused.
 */
export class ModelLayoutError extends Error {
  constructor(
    readonly found: string,
    readonly expected: string,
  ) {
    super(`${found} — expected ${expected}`);
    this.name = 'ModelLayoutError';
  }
}

/**
 * A run option (a family's setting, e.g. Whisper's `language`) whose value the
 * opened model does not take. It names the option by its key, so each caller
 * can name it the way its user set it (the CLI: `--language`), and lists the
 * values the model accepts.
 */
export class OptionValueError extends Error {
  constructor(
    readonly option: string,
    readonly value: string,
    /** What this model takes; empty when the option does not apply to it at all. */
    readonly accepted: readonly string[],
    readonly reason: string,
  ) {
    super(
      `${option} "${value}": ${reason}${accepted.length ? `; accepted: ${accepted.join(', ')}` : ''}`,
    );
    this.name = 'OptionValueError';
  }
}
