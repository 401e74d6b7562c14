import { describe, expect, it } from 'vitest';
import { cfg, messages, rect } from './test-fixtures';
import { config, control, object } from './test-config';

const labelled = (rectanglelabels: unknown) => ({
  ...rect(),
  value: { ...rect().value, rectanglelabels },
});

describe('label names', () => {
  it('accepts names from the config, using the alias when a label has one', () => {
    expect(messages([labelled(['Person'])])).toEqual([]);
    expect(messages([labelled(['Bike'])])).toEqual([]);
  });

  it('names the result and the label, and lists the labels', () => {
    expect(messages([rect(), { ...labelled(['Cat']), id: 'r2' }])).toEqual([
      'result 1 (from_name "label"): label "Cat" is not in <RectangleLabels name="label"> (labels: Person, Car, Bike)',
    ]);
  });

  it('hints at the alias, the case and predicted_values', () => {
    expect(messages([labelled(['Bicycle'])])).toEqual([
      expect.stringMatching(/"Bicycle" is the value of the label with alias "Bike": write "Bike"/),
    ]);
    expect(messages([labelled(['car'])])).toEqual([
      expect.stringMatching(/case-sensitive: did you mean "Car"\?/),
    ]);
    const c = config(
      [object('Image', 'image', 'image')],
      [
        control('RectangleLabels', 'label', 'image', [
          { value: 'Vehicle', predictedValues: ['car', 'truck'] },
        ]),
      ],
    );
    expect(messages([labelled(['truck'])], c)).toEqual([
      expect.stringMatching(/"truck" is a predicted_values entry of "Vehicle": write "Vehicle"/),
    ]);
  });

  it('shortens long label lists', () => {
    const many = Array.from({ length: 80 }, (_, i) => `class${i}`);
    const c = config(
      [object('Image', 'image', 'image')],
      [control('RectangleLabels', 'label', 'image', many)],
    );
    const [msg] = messages([labelled(['dog'])], c);
    expect(msg).toMatch(/class0, class1, .*class19, \.\.\. \(60 more\)\)$/);
  });

  it('skips membership for labels taken from task data', () => {
    const c = config(
      [object('Image', 'image', 'image')],
      [
        control('RectangleLabels', 'label', 'image', [], {
          dynamicLabelsKey: 'classes',
          attrs: { value: '$classes' },
        }),
      ],
    );
    expect(messages([labelled(['anything'])], c)).toEqual([]);
  });

  it('requires a non-empty list of strings under the key equal to the type', () => {
    expect(messages([labelled('Car')])).toEqual([
      expect.stringMatching(/value\.rectanglelabels must be a list of label names/),
    ]);
    expect(messages([labelled([])])).toEqual([
      expect.stringMatching(/value\.rectanglelabels is empty/),
    ]);
    expect(messages([labelled([3])])).toEqual([
      expect.stringMatching(/label names as strings, got 3/),
    ]);
    const wrongKey = { ...rect(), value: { x: 1, y: 1, width: 1, height: 1, labels: ['Car'] } };
    expect(messages([wrongKey])).toEqual([
      'result 0 (from_name "label"): value.labels should be value.rectanglelabels: the label list key equals the result type',
      'result 0 (from_name "label"): value.rectanglelabels is missing: put the label names in a list there',
    ]);
  });

  it('allows an empty label list only with allowEmpty="true"', () => {
    const c = config(
      [object('Image', 'image', 'image')],
      [control('RectangleLabels', 'label', 'image', ['Car'], { attrs: { allowempty: 'true' } })],
    );
    expect(messages([labelled([])], c)).toEqual([]);
  });

  it('allows one label per region unless choice="multiple"', () => {
    expect(messages([labelled(['Car', 'Person'])])).toEqual([
      expect.stringMatching(
        /has 2 labels \("Car", "Person"\) but <RectangleLabels name="label"> allows one/,
      ),
    ]);
    const c = config(
      [object('Image', 'image', 'image')],
      [
        control('RectangleLabels', 'label', 'image', ['Car', 'Person'], {
          multiple: true,
          attrs: { choice: 'multiple' },
        }),
      ],
    );
    expect(messages([labelled(['Car', 'Person'])], c)).toEqual([]);
    expect(messages([labelled(['Car', 'Car'])], c)).toEqual([
      expect.stringMatching(/label "Car" is listed twice/),
    ]);
  });
});

const choices = (from_name: string, list: unknown, id = 'c1') => ({
  id,
  from_name,
  to_name: 'image',
  type: 'choices',
  value: { choices: list },
});

describe('choices', () => {
  it('accepts one choice, or several when multiple', () => {
    expect(messages([choices('quality', ['Good'])])).toEqual([]);
    expect(messages([choices('class', ['Indoor', 'Night'])])).toEqual([]);
  });
  it('rejects several choices on a single-choice control', () => {
    expect(messages([choices('quality', ['Good', 'Bad'])])).toEqual([
      expect.stringMatching(/value\.choices has 2 labels .*<Choices name="quality"> allows one/),
    ]);
  });
  it('rejects unknown choices', () => {
    expect(messages([choices('class', ['Indoor', 'Beach'])])).toEqual([
      'result 0 (from_name "class"): label "Beach" is not in <Choices name="class"> (labels: Indoor, Outdoor, Night)',
    ]);
  });
});

const taxonomy = (paths: unknown, extra: Record<string, string> = {}) => {
  const c = config(
    [object('Image', 'image', 'image')],
    [
      {
        ...cfg.controls.find((x) => x.name === 'tax')!,
        attrs: extra,
      },
    ],
  );
  return messages(
    [
      {
        id: 't1',
        from_name: 'tax',
        to_name: 'image',
        type: 'taxonomy',
        value: { taxonomy: paths },
      },
    ],
    c,
  );
};

describe('taxonomy', () => {
  it('accepts paths that exist in the tree', () => {
    expect(taxonomy([['Animal', 'Mammal', 'Cat'], ['Plant']])).toEqual([]);
    expect(taxonomy([['Animal', 'Mammal']])).toEqual([]);
  });
  it('names the step that is not in the tree', () => {
    expect(taxonomy([['Animal', 'Fish']])).toEqual([
      expect.stringMatching(
        /taxonomy path \["Animal","Fish"\]: "Fish" is not a child of "Animal" in <Taxonomy name="tax"> \(children: Mammal, Bird\)/,
      ),
    ]);
    expect(taxonomy([['Cat']])).toEqual([
      expect.stringMatching(
        /"Cat" is not a root of <Taxonomy name="tax"> \(roots: Animal, Plant\)/,
      ),
    ]);
  });
  it('requires a list of non-empty lists of names', () => {
    expect(taxonomy(['Animal'])).toEqual([
      expect.stringMatching(/each taxonomy path must be a non-empty list of names/),
    ]);
    expect(taxonomy([])).toEqual([
      expect.stringMatching(/value\.taxonomy must be a non-empty list of paths/),
    ]);
  });
  it('honours leafsOnly and maxUsages', () => {
    expect(taxonomy([['Animal', 'Mammal']], { leafsonly: 'true' })).toEqual([
      expect.stringMatching(/ends at "Mammal", which is not a leaf/),
    ]);
    expect(taxonomy([['Plant'], ['Animal', 'Bird']], { maxusages: '1' })).toEqual([
      expect.stringMatching(/maxUsages="1" allows 1/),
    ]);
  });
});

describe('video rectangles', () => {
  const video = (value: Record<string, unknown>) => ({
    id: 'v1',
    from_name: 'vbox',
    to_name: 'video',
    type: 'videorectangle',
    value: {
      framesCount: 240,
      duration: 10,
      sequence: [
        { frame: 1, time: 1 / 24, x: 10, y: 10, width: 20, height: 20, rotation: 0, enabled: true },
        { frame: 48, time: 2, x: 15, y: 10, width: 20, height: 20, rotation: 0, enabled: false },
      ],
      labels: ['Car'],
      ...value,
    },
  });
  it('accepts keyframes and labels from the <Labels> on the video', () => {
    expect(messages([video({})])).toEqual([]);
  });
  it('checks labels against the <Labels> controls of that video', () => {
    expect(messages([video({ labels: ['Bus'] })])).toEqual([
      expect.stringMatching(
        /label "Bus" is not in <Labels name="vlabels"> \(labels: Car, Person\)/,
      ),
    ]);
  });
  it('checks frames, times and boxes of the keyframes', () => {
    expect(
      messages([video({ sequence: [{ frame: 0, time: 0, x: 10, y: 10, width: 95, height: 20 }] })]),
    ).toEqual([
      expect.stringMatching(/value\.sequence\[0\]\.frame must be a 1-based integer/),
      expect.stringMatching(/value\.sequence\[0\]: x \+ width = 105 exceeds 100/),
    ]);
    expect(messages([video({ sequence: [] })])).toEqual([
      expect.stringMatching(/value\.sequence must be a non-empty list/),
    ]);
    expect(messages([video({ framesCount: 24 })])).toEqual([
      expect.stringMatching(/value\.sequence\[1\]\.frame 48 is past value\.framesCount \(24\)/),
    ]);
    expect(messages([video({ framesCount: 'many', duration: 0 })])).toEqual([
      expect.stringMatching(/value\.framesCount must be a positive integer/),
      expect.stringMatching(/value\.duration must be the video length in seconds/),
    ]);
  });
});
