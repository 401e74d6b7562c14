// The model itself cannot be used: another backend would fail the same way.
export { ModelRejectedError } from '../models/predictor/open-model';

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
