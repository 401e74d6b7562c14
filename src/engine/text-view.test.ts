import { describe, expect, it } from 'vitest';
import { parseLabelingConfig } from '../core/config';
import { spanSourceOf } from '../core/mapping/span-source';
import { pickTextTarget } from '../core/mapping/text-targets';
import type { LsResult } from '../core/results/types';
import { taskTextView } from './text-view';

const config = parseLabelingConfig(`<View>
  <HyperText name="page" value="$html"/>
  <HyperTextLabels name="ner" toName="page"><Label value="PER"/></HyperTextLabels>
  <Paragraphs name="chat" value="$chat"/>
  <ParagraphLabels name="pner" toName="chat"><Label value="PER"/></ParagraphLabels>
</View>`);
const data = {
  html: '<p>Hi 🦄 <b>Ann</b> &amp; Lee</p><p>Bye Bo</p>',
  chat: [
    { author: 'Mom', text: 'Hi 🦄 Ann' },
    { author: 'Lily', text: 'Bye Bo' },
  ],
};

/** A result for `word` as the predictor places it. */
function resultFor(toName: string, word: string, id: string): LsResult {
  const target = pickTextTarget(config, 'span', [], { toName });
  const source = spanSourceOf(target, data);
  const start = Array.from(source.text).join('').indexOf(word);
  const cps = Array.from(source.text.slice(0, start)).length;
  const place = source.place({ start: cps, end: cps + Array.from(word).length, text: word });
  if (!place) throw new Error(`${word} not placed`);
  return { id, from_name: target.fromName, to_name: toName, type: target.resultType, value: place };
}

describe('taskTextView places XPath and paragraph spans on the shown text', () => {
  for (const [toName, words] of [
    ['page', ['Ann', 'Bo']],
    ['chat', ['Ann', 'Bo']],
  ] as const) {
    it(`${toName}: the shown text at each span's offsets is the span's word`, () => {
      const object = config.objects.find((o) => o.name === toName)!;
      const results = words.map((w, i) => resultFor(toName, w, `r${i}`));
      const view = taskTextView(object, data, results)!;
      expect(view.value).toBe(
        toName === 'page' ? 'Hi 🦄 Ann & Lee\nBye Bo' : 'Mom: Hi 🦄 Ann\nLily: Bye Bo',
      );
      const shown = Array.from(view.value);
      expect(
        results.map((r) => {
          const [s, e] = view.offsets![r.id]!;
          return shown.slice(s, e).join('');
        }),
      ).toEqual(words);
    });
  }
});
