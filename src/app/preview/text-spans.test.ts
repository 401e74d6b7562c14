import { describe, expect, it } from 'vitest';
import { parseLabelingConfig } from '../../core/config';
import {
  openBuiltinPackage,
  packageModelVersion,
  predictTextTask,
  textTargetOf,
} from '../../models/predictor';
import { spansOf, textPieces } from './text-spans';

const CONFIG = parseLabelingConfig(`<View>
  <Text name="text" value="$text"/>
  <Labels name="ner" toName="text">
    <Label value="PER" predicted_values="Person"/><Label value="LOC" predicted_values="Place"/>
    <Label value="Date"/><Label value="Email"/>
  </Labels>
</View>`);

const TEXT = 'I ❤️ 🦄 hear Barack Obama visited\r\nParis on 27 May 2024 👩‍👩‍👧; mail a.b@example.com.';

describe('textPieces', () => {
  it('cuts the task text at the built-in tagger spans by code points (emoji, CRLF)', async () => {
    const model = (await openBuiltinPackage('builtin-entities'))!;
    const target = textTargetOf(model, CONFIG);
    const modelVersion = await packageModelVersion(model, {
      target: [target.fromName, target.toName],
    });
    const { prediction, issues } = await predictTextTask(
      model,
      { index: 0, data: { text: TEXT } },
      { config: CONFIG, target, modelVersion },
    );
    expect(issues).toEqual([]);
    const spans = spansOf(prediction.result);
    expect(spans.map((s) => s.label)).toEqual(['PER', 'LOC', 'Date', 'Email']);
    const pieces = textPieces(TEXT, spans);
    // The pieces put back together are the text; each span's piece is its text.
    expect(pieces.map((p) => p.text).join('')).toBe(TEXT);
    const covered = pieces.filter((p) => p.spans.length > 0).map((p) => p.text);
    expect(covered).toEqual(prediction.result.map((r) => (r.value as { text: string }).text));
    expect(covered).toEqual(['Barack Obama', 'Paris', '27 May 2024', 'a.b@example.com']);
  });

  it('splits overlapping spans into pieces under both, and ignores what lies past the end', () => {
    const spans = [
      { id: 'a', start: 0, end: 4, label: 'A' },
      { id: 'b', start: 2, end: 9, label: 'B' },
    ];
    const pieces = textPieces('😀bcdef', spans);
    expect(pieces.map((p) => [p.text, p.spans.map((s) => s.id).join('')])).toEqual([
      ['😀b', 'a'],
      ['cd', 'ab'],
      ['ef', 'b'],
    ]);
  });

  it('reads only results with whole start/end offsets as spans', () => {
    const spans = spansOf([
      { id: 'c', type: 'choices', from_name: 't', to_name: 'text', value: { choices: ['x'] } },
      {
        id: 's',
        type: 'labels',
        from_name: 'ner',
        to_name: 'text',
        value: { start: 1, end: 3, text: 'bc', labels: ['L'] },
        score: 0.5,
      },
    ]);
    expect(spans).toEqual([{ id: 's', start: 1, end: 3, label: 'L', score: 0.5 }]);
  });
});
