// <Labels>/<HyperTextLabels> span on a <HyperText> (fact sheet §5): the
// editor finds the span by XPaths of its first and last text nodes and the
// offsets within them, `globalOffsets` (code points over all the root's text,
// a <br> counting one) being its fallback. Offsets within a node count code
// points, as the editor's DOM manager does (the 1.4.0 editor counts UTF-16
// units there: the two agree unless the node holds astral characters).
import type { HtmlText, HtmlTextNode } from './html-text';

export interface HyperTextSpanValue extends Record<string, unknown> {
  start: string;
  end: string;
  startOffset: number;
  endOffset: number;
  globalOffsets: { start: number; end: number };
  /** The covered text as the editor's DOM range reads it (the nodes' text, no added breaks). */
  text: string;
}

const cp = (s: string, utf16: number): number => Array.from(s.slice(0, utf16)).length;

/** The last node starting at or before `index` (nodes are in text order). */
function nodeAtOrBefore(nodes: readonly HtmlTextNode[], index: number): number {
  let lo = 0;
  let hi = nodes.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((nodes[mid] as HtmlTextNode).start <= index) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * The position of a span given by UTF-16 indices of `doc.text`, or null when
 * it covers no node's text (a span only over added line breaks).
 */
export function hyperTextSpanValue(
  doc: HtmlText,
  start: number,
  end: number,
): HyperTextSpanValue | null {
  const { nodes } = doc;
  if (!(end > start)) return null;
  // first node: the one holding `start`, else the next one (start in a line break)
  let s = nodeAtOrBefore(nodes, start);
  if (s < 0 || start >= (nodes[s] as HtmlTextNode).start + (nodes[s] as HtmlTextNode).text.length)
    s += 1;
  // last node: the one holding the character before `end`, else the previous one
  const e = nodeAtOrBefore(nodes, end - 1);
  const sNode = nodes[s];
  const eNode = nodes[e];
  if (!sNode || !eNode || e < s) return null;
  const a = Math.max(0, start - sNode.start);
  const b = Math.min(eNode.text.length, end - eNode.start);
  if (s === e && b <= a) return null;
  let text = s === e ? sNode.text.slice(a, b) : sNode.text.slice(a);
  for (let i = s + 1; i < e; i++) text += (nodes[i] as HtmlTextNode).text;
  if (e !== s) text += eNode.text.slice(0, b);
  const startOffset = cp(sNode.text, a);
  const endOffset = cp(eNode.text, b);
  return {
    start: sNode.path,
    end: eNode.path,
    startOffset,
    endOffset,
    globalOffsets: { start: sNode.global + startOffset, end: eNode.global + endOffset },
    text,
  };
}
