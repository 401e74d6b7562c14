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
