// The text a model reads from a <HyperText> task, and where each piece of it
// sits in the HTML as Label Studio's editor sees it. The HTML is parsed with
// parse5 (the WHATWG parsing algorithm, as the browser does), so implied
// elements (<tbody>, <p> closing) give the same XPaths the editor computes.
// The editor's root is the <body> of the page it renders in an iframe, or a
// <div> holding the HTML when `inline="true"`; paths are relative to it
// (`/p[1]/b[1]/text()[1]`). Label Studio's global offsets count the code
// points of every text node under the root plus one per <br>.
import { defaultTreeAdapter, html as htmlSpec, parse, parseFragment } from 'parse5';
import type { DefaultTreeAdapterTypes as T } from 'parse5';

export interface HtmlTextNode {
  /** XPath of the text node from the root (`/p[1]/text()[1]`). */
  path: string;
  /** The node's text (entities decoded). */
  text: string;
  /** UTF-16 index of the node's text in `HtmlText.text`. */
  start: number;
  /** Label Studio's global offset (code points) of the node's first character. */
  global: number;
}

export interface HtmlText {
  /** What a model reads: the visible text nodes, a line break after blocks and at <br>. */
  text: string;
  /** The visible text nodes in document order. */
  nodes: HtmlTextNode[];
}

/** Elements whose text a reader never sees (still counted by the editor's global offsets). */
const HIDDEN = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'title',
  // raw text the browser never shows (the 1.4.0 editor replaces iframes with stubs)
  'iframe',
  'noembed',
  'noframes',
]);

/** Elements after which a model should see a line break, so words of two blocks do not merge. */
const BLOCKS = new Set(
  (
    'address article aside blockquote caption dd details dialog div dl dt fieldset figcaption ' +
    'figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table ' +
    'tbody thead tfoot tr td th ul'
  ).split(' '),
);

type Parent = T.Element | T.DocumentFragment | T.Document;

function isElement(node: T.ChildNode): node is T.Element {
  return 'tagName' in node;
}

function isText(node: T.ChildNode): node is T.TextNode {
  return node.nodeName === '#text';
}

const codePoints = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/** The root the editor computes paths from. */
function rootOf(html: string, inline: boolean): Parent {
  if (inline) {
    const div = defaultTreeAdapter.createElement('div', htmlSpec.NS.HTML, []);
    return parseFragment(div, html, {});
  }
  const doc = parse(html);
  const htmlEl = doc.childNodes.find((n): n is T.Element => isElement(n) && n.tagName === 'html');
  const body = htmlEl?.childNodes.find((n): n is T.Element => isElement(n) && n.tagName === 'body');
  return body ?? doc;
}

/**
 * The text of an HTML task and its text nodes' XPaths. `inline`: the config's
 * `<HyperText inline="true">` (the HTML placed in a <div>, not an iframe).
 */
export function htmlText(html: string, options: { inline?: boolean } = {}): HtmlText {
  const nodes: HtmlTextNode[] = [];
  let text = '';
  let global = 0;
  // a block's edge: a line break before the next text (none at the very start or end)
  let pendingBreak = false;
  const lineBreak = () => {
    pendingBreak = true;
  };
  const walk = (parent: Parent, path: string, hidden: boolean): void => {
    const counters = new Map<string, number>();
    for (const child of parent.childNodes) {
      const name = isText(child) ? 'text()' : child.nodeName.toLowerCase();
      const n = (counters.get(name) ?? 0) + 1;
      counters.set(name, n);
      const childPath = `${path}/${name}[${n}]`;
      if (isText(child)) {
        if (!hidden && child.value !== '') {
          if (pendingBreak && text !== '' && !text.endsWith('\n')) text += '\n';
          pendingBreak = false;
          nodes.push({ path: childPath, text: child.value, start: text.length, global });
          text += child.value;
        }
        global += codePoints(child.value);
      } else if (isElement(child)) {
        const tag = child.tagName.toLowerCase();
        if (tag === 'br') {
          global += 1;
          if (!hidden) text += '\n';
          continue;
        }
        const block = !hidden && BLOCKS.has(tag);
        if (block) lineBreak();
        walk(child, childPath, hidden || HIDDEN.has(tag));
        if (block) lineBreak();
      }
    }
  };
  walk(rootOf(html, options.inline ?? false), '', false);
  return { text, nodes };
}
