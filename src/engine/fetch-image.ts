// Task image references that are URLs: fetched without credentials, with
// messages that say what to do when the fetch cannot work.

import { TaskStageError } from './run-loop';

export function resolveUrl(reference: string): string {
  try {
    return new URL(reference, self.location.href).href;
  } catch {
    return reference;
  }
}

export async function fetchImage(reference: string): Promise<Blob> {
  const url = resolveUrl(reference);
  let response: Response;
  try {
    response = await fetch(url, { mode: 'cors', credentials: 'omit' });
  } catch {
    throw new TaskStageError(
      'image',
      `could not fetch ${reference} (network error, or the server does not allow CORS); drop the image files instead`,
    );
  }
  if (!response.ok) {
    throw new TaskStageError('image', `HTTP ${response.status} fetching ${reference}`);
  }
  // Static hosts answer unknown paths with the app's index.html.
  const type = response.headers.get('content-type') ?? '';
  if (type.startsWith('text/html')) {
    throw new TaskStageError(
      'image',
      `${reference} is not an image here (the server sent an HTML page); drop the image files or use full URLs`,
    );
  }
  return response.blob();
}
