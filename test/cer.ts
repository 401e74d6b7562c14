// Character error rate of OCR output against a known transcript: edit
// distance over the reference length, lines joined by "\n" (a lost line
// costs its characters, a merged or split line one edit).
import { distance } from 'fastest-levenshtein';

export function characterErrorRate(reference: string, read: string): number {
  return reference.length === 0
    ? read.length === 0
      ? 0
      : 1
    : distance(reference, read) / reference.length;
}

/** The transcript in test/images/LICENSE.md of scikit-image's page.png, one line per text line. */
export const PAGE_PNG_LINES: readonly string[] = [
  'Region-based segmentation',
  'Let us first determine markers of the coins and the',
  'background. These markers are pixels that we can label',
  'unambiguously as either object or background. Here,',
  'the markers are found at the two extreme parts of the',
  'histogram of grey values:',
  '>>> markers = np.zeros_like(coins)',
];
