// A built-in model package served with the app (public/models/<id>/): its
// manifest.json names the files. Missing packages (npm install not run) and
// static hosts that answer every path with index.html get a clear message.

import type { ModelManifest } from '../models/types';

async function fetchOk(url: string, what: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Error(`could not fetch ${what} (${(error as Error).message})`, { cause: error });
  }
  const html = (response.headers.get('content-type') ?? '').startsWith('text/html');
  if (!response.ok || html) {
    throw new Error(
      `${what} is not served here (${response.ok ? 'an HTML page came back' : `HTTP ${response.status}`}): the app's models folder is missing it (run npm install before building)`,
    );
  }
  return response;
}

export async function fetchPackageManifest(baseUrl: string, id: string): Promise<ModelManifest> {
  const url = new URL('manifest.json', baseUrl).href;
  const response = await fetchOk(url, `the built-in model "${id}"`);
  let manifest: ModelManifest;
  try {
    manifest = (await response.json()) as ModelManifest;
  } catch (error) {
    throw new Error(`${url} is not valid JSON`, { cause: error });
  }
  if (typeof manifest.file !== 'string' || typeof manifest.family !== 'string') {
    throw new Error(`${url} is not a model manifest (no "file" or "family")`);
  }
  return manifest;
}

/** A text file of a package (e.g. the OCR dictionary). */
export async function fetchPackageText(baseUrl: string, file: string): Promise<string> {
  return (await fetchOk(new URL(file, baseUrl).href, file)).text();
}
