// Character error rate of OCR output against a known transcript: edit
// distance over the reference length. Both sides are compared as pages:
// lines trimmed, runs of spaces made one, empty lines dropped, lines joined
// by "\n" (a lost line costs its characters, a merged or split line one edit).
import { distance } from 'fastest-levenshtein';

/** Text lines as one page string (see above). */
export function pageText(lines: readonly string[]): string {
  return lines
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

/** Edits per reference character; `read` is OCR output lines or text with "\n" between lines. */
export function characterErrorRate(
  reference: readonly string[],
  read: readonly string[] | string,
): number {
  const ref = pageText(reference);
  const got = pageText(typeof read === 'string' ? read.split('\n') : read);
  if (ref.length === 0) return got.length === 0 ? 0 : 1;
  return distance(ref, got) / ref.length;
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
