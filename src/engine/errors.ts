/**
 * The model itself cannot be used (not ONNX, unknown layout, labels that do not
 * fit): trying another backend would fail the same way, so no fallback.
 */
export class ModelRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelRejectedError';
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
