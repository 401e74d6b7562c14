import { SaxesParser } from 'saxes';
import { ConfigError } from './errors';
import type { SourcePos } from './types';

/** One XML element, reduced to what the config reader needs. */
export interface XmlElement {
  name: string;
  /** Attribute keys lower-cased: Label Studio matches them case-insensitively. */
  attrs: Record<string, string>;
  children: XmlElement[];
  pos: SourcePos;
}

// Real configs nest a handful of levels; the cap keeps the recursive reader
// off the stack limit for hostile input.
const MAX_DEPTH = 200;

/** Parses XML into a tree; malformed XML becomes a ConfigError at saxes' position. */
export function readXmlTree(xml: string): XmlElement {
  const parser = new SaxesParser({ position: true });
  const lineStarts = lineStartOffsets(xml);
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  // saxes closes the open tag before it reports a mismatched close tag.
  let lastClosed: XmlElement | undefined;

  const fail = (reason: string): never => {
    throw new ConfigError({ line: parser.line, column: Math.max(1, parser.column) }, reason);
  };

  parser.on('error', (err) => {
    const message = err.message.replace(/^\d+:\d+: /, '');
    const open = message.startsWith('unexpected close tag') ? lastClosed : stack.at(-1);
    fail(explainSaxesError(message, open));
  });
  parser.on('opentag', (tag) => {
    // saxes reports the end of the start tag; point at its `<` instead.
    const start = xml.lastIndexOf(`<${tag.name}`, parser.position);
    const el: XmlElement = {
      name: tag.name,
      attrs: Object.fromEntries(
        Object.entries(tag.attributes).map(([k, v]) => [k.toLowerCase(), v]),
      ),
      children: [],
      pos: positionAt(lineStarts, Math.max(0, start)),
    };
    const parent = stack.at(-1);
    if (parent) parent.children.push(el);
    else root = el;
    if (stack.length >= MAX_DEPTH) {
      throw new ConfigError(el.pos, `tags are nested more than ${MAX_DEPTH} levels deep`);
    }
    stack.push(el);
  });
  parser.on('closetag', () => {
    lastClosed = stack.pop();
  });

  parser.write(xml).close();
  // saxes reports an empty document itself; this only satisfies the type checker.
  return root ?? fail('the config is empty: it needs a <View> root tag');
}

function explainSaxesError(message: string, open: XmlElement | undefined): string {
  if (message.startsWith('document must contain a root element')) {
    return 'the config is empty: it needs a <View> root tag';
  }
  if (message.startsWith('unclosed tag') && open) {
    return `malformed XML: <${open.name}> opened on line ${open.pos.line} is never closed`;
  }
  if (message.startsWith('unexpected close tag') && open) {
    return `malformed XML: a closing tag does not match <${open.name}> opened on line ${open.pos.line}`;
  }
  if (message.startsWith('undefined entity')) {
    return 'malformed XML: undefined entity (HTML names like &nbsp; are not XML: write &#160;, and & itself as &amp;)';
  }
  return `malformed XML: ${message.replace(/\.$/, '')}`;
}

function lineStartOffsets(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // \n, or a lone \r (XML treats both \r\n and \r as one line break).
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

function positionAt(lineStarts: number[], offset: number): SourcePos {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((lineStarts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (lineStarts[lo] ?? 0) + 1 };
}
