// "Try it": sample images with printed text and Label Studio's OCR config,
// served from public/samples/ (our own files, CC0), read with the built-in OCR.

import type { SourceFile } from '../engine/api';

export const SAMPLE_IMAGES = ['receipt.png', 'sign.png', 'label.png'] as const;
export const SAMPLE_CONFIG = 'ocr.xml';
export const SAMPLE_MODEL = 'ppocr-v4';

function samplesUrl(name: string): URL {
  return new URL(`samples/${name}`, document.baseURI);
}

async function fetchOk(name: string): Promise<Response> {
  const response = await fetch(samplesUrl(name));
  if (!response.ok) throw new Error(`the sample ${name} is missing (HTTP ${response.status})`);
  return response;
}

export async function fetchSamples(): Promise<{ configXml: string; images: SourceFile[] }> {
  const [configXml, ...blobs] = await Promise.all([
    fetchOk(SAMPLE_CONFIG).then((r) => r.text()),
    ...SAMPLE_IMAGES.map((n) => fetchOk(n).then((r) => r.blob())),
  ]);
  const images = SAMPLE_IMAGES.map((name, i) => ({
    path: name,
    file: new File([blobs[i] as Blob], name, { type: 'image/png' }),
  }));
  return { configXml: configXml as string, images };
}
