// Task image (and audio) references that are URLs: fetched without credentials, with
// messages that say what to do when the fetch cannot work.

import { TaskStageError } from './run-loop';

export function resolveUrl(reference: string): string {
  try {
    return new URL(reference, self.location.href).href;
  } catch {
    return reference;
  }
}

/** `media`: what the task's file is, for the messages and the failure stage. */
export async function fetchImage(
  reference: string,
  media: 'image' | 'audio' = 'image',
): Promise<Blob> {
  const url = resolveUrl(reference);
  let response: Response;
  try {
    response = await fetch(url, { mode: 'cors', credentials: 'omit' });
  } catch {
    throw new TaskStageError(
      media,
      `could not fetch ${reference} (network error, or the server does not allow CORS); drop the ${media} files instead`,
    );
  }
  if (!response.ok) {
    throw new TaskStageError(media, `HTTP ${response.status} fetching ${reference}`);
  }
  // Static hosts answer unknown paths with the app's index.html.
  const type = response.headers.get('content-type') ?? '';
  if (type.startsWith('text/html')) {
    throw new TaskStageError(
      media,
      `${reference} is not ${media === 'image' ? 'an image' : 'audio'} here (the server sent an HTML page); drop the ${media} files or use full URLs`,
    );
  }
  return response.blob();
}
