import { describe, expect, it } from 'vitest';
import { parseLabelingConfig } from '../config';
import { importTaskFile } from '../tasks';
import { examplesFromTasks } from './examples-from-tasks';

const CONFIG = parseLabelingConfig(`<View>
  <Text name="text" value="$review"/>
  <Choices name="sentiment" toName="text" choice="single">
    <Choice value="Positive"/>
    <Choice value="Negative"/>
    <Choice value="Neutral" alias="Meh"/>
  </Choices>
</View>`);

const choice = (...choices: string[]) => [
  { id: 'a', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices } },
];

function lsExport(tasks: unknown[]) {
  const { tasks: parsed, issues } = importTaskFile('export.json', JSON.stringify(tasks));
  expect(issues).toEqual([]);
  return parsed;
}

describe('examplesFromTasks on a Label Studio JSON export', () => {
  it('takes the ground-truth annotation, else the newest; ignores cancelled ones and skipped tasks', () => {
    const tasks = lsExport([
      { id: 1, data: { review: 'great' }, annotations: [{ id: 10, result: choice('Positive') }] },
      {
        id: 2,
        data: { review: 'older vs newer' },
        annotations: [
          { id: 20, created_at: '2024-01-01T00:00:00Z', result: choice('Negative') },
          { id: 21, created_at: '2024-03-01T00:00:00Z', result: choice('Positive') },
          {
            id: 22,
            created_at: '2024-02-01T00:00:00Z',
            updated_at: '2024-02-02T00:00:00Z',
            result: choice('Negative'),
          },
        ],
      },
      {
        id: 3,
        data: { review: 'ground truth wins' },
        annotations: [
          {
            id: 30,
            ground_truth: true,
            created_at: '2024-01-01T00:00:00Z',
            result: choice('Negative'),
          },
          { id: 31, created_at: '2024-05-01T00:00:00Z', result: choice('Positive') },
        ],
      },
      {
        id: 4,
        data: { review: 'cancelled newest' },
        annotations: [
          { id: 40, created_at: '2024-01-01T00:00:00Z', result: choice('Negative') },
          { id: 41, created_at: '2024-05-01T00:00:00Z', was_cancelled: true, result: [] },
        ],
      },
      {
        id: 5,
        data: { review: 'skipped' },
        annotations: [{ id: 50, was_cancelled: true, result: [] }],
      },
      { id: 6, data: { review: 'not annotated yet' }, annotations: [] },
      { id: 7, data: { review: 'no annotations key' } },
      {
        id: 8,
        data: { review: 'old export' },
        completions: [{ id: 80, result: choice('Negative') }],
      },
    ]);
    const out = examplesFromTasks(CONFIG, tasks);
    expect(out.examples.map((e) => [e.taskId, e.labels])).toEqual([
      [1, ['Positive']],
      [2, ['Positive']],
      [3, ['Negative']],
      [4, ['Negative']],
      [8, ['Negative']],
    ]);
    expect(out.examples[0]).toEqual({
      text: 'great',
      labels: ['Positive'],
      taskIndex: 0,
      taskId: 1,
      annotationId: 10,
    });
    // The annotation learnt from is named (what Label next's committee cache keys on).
    expect(out.examples.map((e) => [e.annotationId, e.updatedAt])).toEqual([
      [10, undefined],
      [21, undefined],
      [30, undefined],
      [40, undefined],
      [80, undefined],
    ]);
    expect(out.skippedTasks).toBe(1);
    expect(out.unannotatedTasks).toBe(2);
    expect(out.conflictingTasks).toBe(2);
    expect(out.problems).toEqual([]);
    expect(out.source).toEqual({
      control: 'sentiment',
      object: 'text',
      dataKey: 'review',
      labels: ['Positive', 'Negative', 'Meh'],
      multiple: false,
    });
  });

  it('reports a label renamed or removed in the config and goes on', () => {
    const tasks = lsExport([
      { id: 1, data: { review: 'a' }, annotations: [{ id: 1, result: choice('Mixed') }] },
      { id: 2, data: { review: 'b' }, annotations: [{ id: 2, result: choice('positive') }] },
      { id: 3, data: { review: 'c' }, annotations: [{ id: 3, result: choice('Neutral') }] },
      { id: 4, data: { review: 'd' }, annotations: [{ id: 4, result: choice('Negative') }] },
    ]);
    const out = examplesFromTasks(CONFIG, tasks);
    expect(out.examples.map((e) => e.labels)).toEqual([['Meh'], ['Negative']]);
    expect(out.problems.map((p) => p.message)).toEqual([
      'task 1 (id 1): label "Mixed" is not a choice of <Choices name="sentiment"> (renamed or removed in the config?); ignored',
      'task 2 (id 2): label "positive" is not a choice of <Choices name="sentiment"> (renamed or removed in the config? did you mean "Positive"?); ignored',
    ]);
  });

  it('names tasks without text or without an answer for the control', () => {
    const tasks = lsExport([
      { id: 1, data: { other: 'x' }, annotations: [{ id: 1, result: choice('Positive') }] },
      { id: 2, data: { review: 5 }, annotations: [{ id: 2, result: choice('Positive') }] },
      { id: 3, data: { review: 'c' }, annotations: [{ id: 3, result: [] }] },
      {
        id: 4,
        data: { review: '' },
        annotations: [{ id: 4, result: choice('Positive', 'Negative') }],
      },
    ]);
    const out = examplesFromTasks(CONFIG, tasks);
    expect(out.problems.map((p) => p.message)).toEqual([
      'task 1 (id 1): no text at $review (the <Text name="text"> data key); not learnt from',
      'task 2 (id 2): $review is number, not a text; not learnt from',
      'task 3 (id 3): annotation 3 has no answer for <Choices name="sentiment">; not learnt from',
      'task 4 (id 4): 2 choices (Positive, Negative) on a single-choice control; learnt as equally likely',
    ]);
    expect(out.examples).toEqual([
      { text: '', labels: ['Positive', 'Negative'], taskIndex: 3, taskId: 4, annotationId: 4 },
    ]);
  });

  it('keeps a 1 MB text whole', () => {
    const big = 'word '.repeat(210_000);
    const out = examplesFromTasks(
      CONFIG,
      lsExport([
        { id: 1, data: { review: big }, annotations: [{ id: 1, result: choice('Positive') }] },
      ]),
    );
    expect(out.examples[0]?.text.length).toBe(big.length);
  });

  it('says when the config has nothing to learn', () => {
    const config = parseLabelingConfig(
      '<View><Image name="img" value="$image"/><Choices name="c" toName="img"><Choice value="A"/></Choices></View>',
    );
    const out = examplesFromTasks(config, []);
    expect(out.source).toBeNull();
    expect(out.problems[0]?.message).toMatch(/no <Choices> on a <Text>/);
  });
});

describe('examplesFromTasks on flattened exports', () => {
  it('reads JSON-MIN (one row per annotation; the newest row of a task wins)', () => {
    const rows = [
      {
        id: 1,
        review: 'great',
        sentiment: 'Positive',
        annotation_id: 1,
        updated_at: '2024-01-01T00:00:00Z',
      },
      {
        id: 2,
        review: 'meh',
        sentiment: 'Negative',
        annotation_id: 2,
        updated_at: '2024-01-01T00:00:00Z',
      },
      {
        id: 2,
        review: 'meh',
        sentiment: 'Meh',
        annotation_id: 3,
        updated_at: '2024-02-01T00:00:00Z',
      },
      { id: 3, review: 'no label yet' },
    ];
    const out = examplesFromTasks(CONFIG, lsExport(rows));
    expect(out.examples).toEqual([
      {
        text: 'great',
        labels: ['Positive'],
        taskIndex: 0,
        taskId: 1,
        annotationId: 1,
        updatedAt: '2024-01-01T00:00:00Z',
      },
      {
        text: 'meh',
        labels: ['Meh'],
        taskIndex: 2,
        taskId: 2,
        annotationId: 3,
        updatedAt: '2024-02-01T00:00:00Z',
      },
    ]);
    expect(out.unannotatedTasks).toBe(1);
  });

  it('reads CSV, with several choices written as {"choices": [...]}', () => {
    const config = parseLabelingConfig(`<View><Text name="t" value="$text"/>
      <Choices name="topic" toName="t" choice="multiple"><Choice value="A"/><Choice value="B"/></Choices></View>`);
    const csv = 'id,text,topic\n1,first,A\n2,second,"{""choices"": [""A"", ""B""]}"\n3,third,\n';
    const { tasks, issues } = importTaskFile('export.csv', csv);
    expect(issues).toEqual([]);
    const out = examplesFromTasks(config, tasks);
    expect(out.examples.map((e) => [e.text, e.labels, e.taskId])).toEqual([
      ['first', ['A'], 1],
      ['second', ['A', 'B'], 2],
    ]);
    expect(out.source?.multiple).toBe(true);
  });
});
