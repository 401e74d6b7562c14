// Long texts go to the rule taggers in pieces (both build a document object
// per call whose size grows with the text): cut at a line break, else at a
// space, so no entity of ordinary length is split.

/** [start, end) UTF-16 ranges covering `text`, each at most `max` units (unless no break exists). */
export function textChunks(text: string, max: number): [number, number][] {
  const chunks: [number, number][] = [];
  let start = 0;
  while (text.length - start > max) {
    const window = text.slice(start, start + max);
    let cut = window.lastIndexOf('\n');
    if (cut < max / 2) cut = Math.max(cut, window.lastIndexOf(' '));
    // after the break; never inside a surrogate pair when no break exists
    let end = cut > 0 ? start + cut + 1 : start + max;
    const code = text.charCodeAt(end - 1);
    if (cut <= 0 && code >= 0xd800 && code <= 0xdbff) end--;
    chunks.push([start, end]);
    start = end;
  }
  if (start < text.length || chunks.length === 0) chunks.push([start, text.length]);
  return chunks;
}
