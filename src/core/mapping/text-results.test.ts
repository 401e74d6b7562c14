// Text results built from family output shapes, then checked by the
// project's own validator against the config and the task text.
import { describe, expect, it } from 'vitest';
import { parseLabelingConfig } from '../config';
import { createIdGenerator } from '../results/ids';
import { validatePrediction } from '../validate';
import { classesToResults } from './classes-to-results';
import { replyToResult, spansToResults } from './text-results';
import { pickTextTarget, taskTextOf, TextTargetError } from './text-targets';

const CONFIG = `<View>
  <Text name="text" value="$text"/>
  <Labels name="ner" toName="text">
    <Label value="PER" predicted_values="Person"/>
    <Label value="LOC" predicted_values="Place"/>
    <Label value="Date"/>
  </Labels>
  <Choices name="topic" toName="text"><Choice value="Sports"/><Choice value="Politics"/></Choices>
  <Paragraphs name="chat" value="$dialogue" layout="dialogue"/>
  <TextArea name="reply" toName="chat"/>
</View>`;

const config = () => parseLabelingConfig(CONFIG);

function check(result: unknown[], data: Record<string, unknown>) {
  return validatePrediction({ model_version: 'm@1', score: 0.5, result }, config(), {
    taskData: data,
  }).map((i) => i.message);
}

describe('text targets and results', () => {
  const text = 'I ❤️ 🦄 met Ann in Paris\r\non 27 May.';
  const cp = (s: string) => [...text.slice(0, text.indexOf(s))].length;
  const span = (s: string, classIndex: number, score = 0.9) => ({
    start: cp(s),
    end: cp(s) + [...s].length,
    text: s,
    classIndex,
    score,
  });
  const classes = ['Person', 'Place', 'Date', 'Money'];

  it('maps entity classes onto <Labels> (predicted_values) and emits valid code point spans', () => {
    const target = pickTextTarget(config(), 'span', classes);
    expect(target).toMatchObject({ fromName: 'ner', toName: 'text', resultType: 'labels' });
    expect(target.mapping).toEqual({ Person: 'PER', Place: 'LOC', Date: 'Date', Money: null });
    const out = spansToResults(
      [span('Ann', 0), span('Paris', 1, 0.5), span('27 May', 2), span('May', 3)],
      classes,
      target.mapping,
      target,
      createIdGenerator('s'),
      { threshold: 0.4 },
    );
    expect(out.results.map((r) => r.value)).toEqual([
      { start: 11, end: 14, text: 'Ann', labels: ['PER'] },
      { start: 18, end: 23, text: 'Paris', labels: ['LOC'] },
      { start: 28, end: 34, text: '27 May', labels: ['Date'] },
    ]);
    expect(out.unmapped).toEqual({ Money: 1 });
    expect(out.score).toBeCloseTo((0.9 + 0.5 + 0.9) / 3);
    expect(check(out.results, { text })).toEqual([]);
  });

  it('the validator catches UTF-16 offsets, so the check above is not vacuous', () => {
    const wrong = {
      id: 'x',
      from_name: 'ner',
      to_name: 'text',
      type: 'labels',
      value: {
        start: text.indexOf('Paris'),
        end: text.indexOf('Paris') + 5,
        text: 'Paris',
        labels: ['LOC'],
      },
    };
    expect(check([wrong], { text })).toHaveLength(1);
  });

  it('drops spans under a per-class threshold', () => {
    const target = pickTextTarget(config(), 'span', classes);
    const out = spansToResults(
      [span('Ann', 0, 0.6)],
      classes,
      target.mapping,
      target,
      createIdGenerator(),
      {
        classThreshold: { Person: 0.7 },
      },
    );
    expect(out.results).toEqual([]);
    expect(out.score).toBeUndefined();
    // the dropped span is the task's near miss (its task score: 1 − 0.6 / 0.7)
    expect(out.nearMiss).toEqual({ score: 0.6, threshold: 0.7 });
  });

  it('takes as near miss the mapped span closest to its minimum, never an unmapped one', () => {
    const target = pickTextTarget(config(), 'span', classes);
    const out = spansToResults(
      [span('Ann', 0, 0.2), span('Paris', 1, 0.35), span('May', 3, 0.39), span('27 May', 2, 0.9)],
      classes,
      target.mapping,
      target,
      createIdGenerator(),
      { threshold: 0.4 },
    );
    expect(out.results).toHaveLength(1);
    expect(out.nearMiss).toEqual({ score: 0.35, threshold: 0.4 });
  });

  it('puts text classes into <Choices> on the <Text>', () => {
    const target = pickTextTarget(config(), 'choices', ['Sports', 'Politics', 'Science']);
    const { results, score } = classesToResults(
      [
        { kind: 'class', classIndex: 1, score: 0.7, margin: 0.5, entropy: 0.3 },
        { kind: 'class', classIndex: 0, score: 0.2, margin: 0.5, entropy: 0.3 },
      ],
      ['Sports', 'Politics', 'Science'],
      target.mapping,
      target,
      createIdGenerator('c'),
    );
    expect(results[0]).toMatchObject({
      to_name: 'text',
      type: 'choices',
      value: { choices: ['Politics'] },
    });
    expect(score).toBeCloseTo(0.7);
    expect(check(results, { text })).toEqual([]);
  });

  it('writes a generated reply as a <TextArea> on the <Paragraphs> dialogue', () => {
    const target = pickTextTarget(config(), 'textarea', []);
    expect(target).toMatchObject({ fromName: 'reply', toName: 'chat' });
    const data = { text, dialogue: [{ author: 'Ann', text: 'Hi' }] };
    expect(taskTextOf(target.object, data)).toEqual({ kind: 'dialogue', turns: data.dialogue });
    const result = replyToResult('  Hello Ann!\n', target, createIdGenerator('t'));
    expect(result).toMatchObject({ type: 'textarea', value: { text: ['Hello Ann!'] } });
    expect(check([result], data)).toEqual([]);
    expect(replyToResult(' \n', target, createIdGenerator())).toBeNull();
  });

  it('says what is missing', () => {
    // <Labels> has no region on a <Paragraphs> in the editor: only <ParagraphLabels> does
    const noSpans = parseLabelingConfig(
      '<View><Paragraphs name="p" value="$p"/><Labels name="l" toName="p"><Label value="X"/></Labels></View>',
    );
    expect(() => pickTextTarget(noSpans, 'span', [])).toThrow(
      new TextTargetError(
        'the labeling config has no <Labels> on a <Text> or <HyperText>, <HyperTextLabels> on a <HyperText> or <ParagraphLabels> on a <Paragraphs>',
      ),
    );
    const target = pickTextTarget(config(), 'span', []);
    expect(() => taskTextOf(target.object, {})).toThrow(/the task has no \$text/);
    expect(() => taskTextOf(target.object, { text: 3 })).toThrow(
      /\$text must be a string of text, got number/,
    );
  });
});
