import { describe, expect, it } from 'vitest';
import { parseLabelingConfig } from '../config';
import { spanSourceOf } from '../mapping/span-source';
import { pickTextTarget } from '../mapping/text-targets';
import { validatePrediction } from '../validate';
import { htmlText } from './html-text';
import { hyperTextSpanValue } from './hypertext-span';
import { paragraphSpanValue, paragraphsText, ParagraphsTextError } from './paragraph-span';

const at = (text: string, word: string) => {
  const i = text.indexOf(word);
  if (i < 0) throw new Error(`no ${word}`);
  return [i, i + word.length] as const;
};

describe('htmlText: what a model reads from HTML and where it sits', () => {
  it('paths count as the browser parses (implied tbody, entities), relative to <body>', () => {
    const doc = htmlText(
      '<html><head><title>T</title><style>p{}</style></head><body><h1>A &amp; B</h1>' +
        '<table><tr><td>Ann</td></tr></table>x<br>y<script>var s = 1;</script>z</body></html>',
    );
    expect(doc.text).toBe('A & B\nAnn\nx\nyz');
    expect(doc.nodes.map((n) => n.path)).toEqual([
      '/h1[1]/text()[1]',
      '/table[1]/tbody[1]/tr[1]/td[1]/text()[1]',
      '/text()[1]',
      '/text()[2]',
      '/text()[3]', // the script's text is its own node, never read
    ]);
    // global offsets: every text node's code points under the root, <br> one
    expect(doc.nodes.map((n) => n.global)).toEqual([0, 5, 8, 10, 21]);
  });

  it('inline="true" HTML sits in a <div>: no <body>, head elements kept in place', () => {
    const doc = htmlText('<p>one</p>two', { inline: true });
    expect(doc.nodes.map((n) => [n.path, n.text])).toEqual([
      ['/p[1]/text()[1]', 'one'],
      ['/text()[1]', 'two'],
    ]);
    expect(doc.text).toBe('one\ntwo');
    // an iframe's fallback text is never shown
    expect(htmlText('<p>a</p><iframe>not shown</iframe>b').text).toBe('a\nb');
  });
});

describe('hyperTextSpanValue', () => {
  const doc = htmlText(
    '<p>Yesterday <b>Barack Obama</b> came on <i>27 May</i> 2024.</p><p>Bye</p>',
  );

  it('a span inside one node: its XPath and offsets within it', () => {
    const [s, e] = at(doc.text, 'Obama');
    expect(hyperTextSpanValue(doc, s, e)).toEqual({
      start: '/p[1]/b[1]/text()[1]',
      end: '/p[1]/b[1]/text()[1]',
      startOffset: 7,
      endOffset: 12,
      globalOffsets: { start: 17, end: 22 },
      text: 'Obama',
    });
  });

  it('a span over several nodes starts in the first and ends in the last', () => {
    const [s, e] = at(doc.text, '27 May 2024');
    expect(hyperTextSpanValue(doc, s, e)).toMatchObject({
      start: '/p[1]/i[1]/text()[1]',
      startOffset: 0,
      end: '/p[1]/text()[3]',
      endOffset: 5,
      text: '27 May 2024',
    });
  });

  it('a span over a block break leaves the added line break out of its text', () => {
    const [s, e] = at(doc.text, '2024.\nBye');
    expect(hyperTextSpanValue(doc, s, e)).toMatchObject({
      start: '/p[1]/text()[3]',
      end: '/p[2]/text()[1]',
      endOffset: 3,
      text: '2024.Bye',
    });
    const [b] = at(doc.text, '\nBye');
    expect(hyperTextSpanValue(doc, b, b + 1)).toBeNull(); // only the added break
    expect(hyperTextSpanValue(doc, 3, 3)).toBeNull();
  });

  it('offsets within a node count code points', () => {
    const emoji = htmlText('<p>🦄 Ann</p>');
    const [s, e] = at(emoji.text, 'Ann');
    expect(hyperTextSpanValue(emoji, s, e)).toMatchObject({ startOffset: 2, endOffset: 5 });
  });
});

describe('paragraph spans', () => {
  const turns = [
    { author: 'Mom', text: 'I ❤️ 🦄 Paris.' },
    { author: 'Lily', text: 'Ann too.' },
  ];

  it('indices as strings, offsets in UTF-16 units of the paragraph; none across a break', () => {
    const doc = paragraphsText(turns);
    expect(doc.text).toBe('I ❤️ 🦄 Paris.\nAnn too.');
    const [s, e] = at(doc.text, 'Paris');
    expect(paragraphSpanValue(doc, s, e)).toEqual({
      start: '0',
      end: '0',
      startOffset: 8,
      endOffset: 13,
      text: 'Paris',
    });
    const [a, b] = at(doc.text, 'Ann');
    expect(paragraphSpanValue(doc, a, b)).toMatchObject({ start: '1', startOffset: 0 });
    const [x, y] = at(doc.text, 'Paris.\nAnn');
    expect(paragraphSpanValue(doc, x, y)).toBeNull();
  });

  it('names the turn without text', () => {
    expect(() => paragraphsText([{ author: 'A', says: 'hi' }], 'text')).toThrow(
      new ParagraphsTextError('paragraph 0 has no "text" string'),
    );
  });
});

describe('spanSourceOf: model text and placed spans that validate against the config', () => {
  const config = parseLabelingConfig(`<View>
    <HyperText name="page" value="$html"/>
    <Labels name="ner" toName="page"><Label value="PER"/></Labels>
    <Paragraphs name="chat" value="$chat"/>
    <ParagraphLabels name="pner" toName="chat"><Label value="PER"/></ParagraphLabels>
  </View>`);
  const data = {
    html: '<p>Hi <b>Ann</b> 🦄 Lee</p>',
    chat: [{ author: 'a', text: 'Hi 🦄 Ann' }],
  };

  for (const toName of ['page', 'chat']) {
    it(`code point spans of the model text → a valid result on "${toName}"`, () => {
      const target = pickTextTarget(config, 'span', [], { toName });
      const source = spanSourceOf(target, data);
      const points = Array.from(source.text);
      const word = toName === 'page' ? 'Lee' : 'Ann';
      const start = points.indexOf(word[0]!);
      const place = source.place({ start, end: start + 3, text: word });
      expect(place?.['text']).toBe(word);
      const type = target.resultType;
      const result = {
        id: 'r1',
        from_name: target.fromName,
        to_name: toName,
        type,
        value: { ...place, [type]: ['PER'] },
      };
      const issues = validatePrediction({ model_version: 'm', result: [result] }, config, {
        taskData: data,
      });
      expect(issues).toEqual([]);
    });
  }
});
