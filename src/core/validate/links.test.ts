import { describe, expect, it } from 'vitest';
import { cfg, messages, rect } from './test-fixtures';
import { config, control, object } from './test-config';

const geometry = { x: 10, y: 10, width: 30, height: 5, rotation: 0 };
const size = { original_width: 800, original_height: 600 };

// OCR layout (fact sheet §2): rectangle + labels + textarea sharing one id.
const ocr = (id = 'w1') => [
  { id, from_name: 'bbox', to_name: 'image', type: 'rectangle', ...size, value: { ...geometry } },
  {
    id,
    from_name: 'ocr',
    to_name: 'image',
    type: 'labels',
    ...size,
    value: { ...geometry, labels: ['Text'] },
  },
  {
    id,
    from_name: 'transcription',
    to_name: 'image',
    type: 'textarea',
    ...size,
    value: { ...geometry, text: ['Hello'] },
  },
];

describe('results sharing an id', () => {
  it('accepts the OCR layout, several regions each with its own id', () => {
    expect(messages([...ocr('w1'), ...ocr('w2')])).toEqual([]);
  });

  it('accepts per-region choices attached to a labelled box', () => {
    const choice = {
      id: 'r1',
      from_name: 'region_kind',
      to_name: 'image',
      type: 'choices',
      value: { choices: ['Blurry'] },
    };
    expect(messages([rect(), choice])).toEqual([]);
  });

  it('rejects two regions with the same id', () => {
    expect(messages([rect(), { ...rect(), value: { ...rect().value, x: 50 } }])).toEqual([
      'result 1 (from_name "label"): two regions share id "r1" (result 0 from "label" and result 1 from "label"): give every region its own id',
    ]);
  });

  it('rejects linked results that target different objects', () => {
    const c = config(
      [object('Image', 'a', 'a'), object('Image', 'b', 'b')],
      [
        control('RectangleLabels', 'label', ['a', 'b'], ['Car']),
        control('TextArea', 'note', ['a', 'b'], [], { perRegion: true }),
      ],
    );
    const box = { ...rect(), to_name: 'a' };
    const note = {
      id: 'r1',
      from_name: 'note',
      to_name: 'b',
      type: 'textarea',
      value: { text: ['x'] },
    };
    expect(messages([box, note], c)).toEqual([
      expect.stringMatching(
        /result 1 \(from_name "note"\): shares id "r1" with result 0 but has to_name "b" \(result 0 has "a"\)/,
      ),
    ]);
  });

  it('rejects <Labels> on an image without a region to label', () => {
    const [, labels] = ocr();
    expect(messages([labels])).toEqual([
      expect.stringMatching(
        /<Labels name="ocr"> on an <Image> labels a region drawn by another tool: add that region's result .* same id "w1"/,
      ),
    ]);
  });

  it('checks the geometry repeated in an OCR labels result', () => {
    const [box, labels] = ocr();
    const bad = { ...labels!, value: { labels: ['Text'], x: 10, y: 10, width: 95, height: 5 } };
    expect(messages([box, bad])).toEqual([
      expect.stringMatching(/result 1 \(from_name "ocr"\): value: x \+ width = 105 exceeds 100/),
    ]);
    const none = { ...labels!, value: { labels: ['Text'] } };
    expect(messages([box, none])).toEqual([
      expect.stringMatching(/value\.x is missing/),
      expect.stringMatching(/value\.y is missing/),
      expect.stringMatching(/value\.width is missing/),
      expect.stringMatching(/value\.height is missing/),
    ]);
  });

  it('rejects a perRegion result without a region', () => {
    const choice = {
      id: 'zz',
      from_name: 'region_kind',
      to_name: 'image',
      type: 'choices',
      value: { choices: ['Clear'] },
    };
    expect(messages([rect(), choice])).toEqual([
      expect.stringMatching(
        /<Choices name="region_kind"> is perRegion: its result must share its id with a region result .* no region has id "zz"/,
      ),
    ]);
  });

  it('rejects a whole-image classification sharing an id with a region', () => {
    const choice = {
      id: 'r1',
      from_name: 'quality',
      to_name: 'image',
      type: 'choices',
      value: { choices: ['Good'] },
    };
    expect(messages([rect(), choice])).toEqual([
      expect.stringMatching(
        /<Choices name="quality"> is not perRegion, so its result needs an id of its own; "r1" is also used by result 0/,
      ),
    ]);
  });

  it('rejects two results of one per-region control on the same region', () => {
    const [box, labels, text] = ocr();
    expect(messages([box, labels, text, { ...text! }])).toEqual([
      expect.stringMatching(
        /result 3 \(from_name "transcription"\): id "w1" already has a result from <TextArea name="transcription"> \(result 2\)/,
      ),
    ]);
  });

  it('honours whenTagName and whenLabelValue', () => {
    const c = config(cfg.objects, [
      ...cfg.controls.filter((x) => x.name === 'label' || x.name === 'bbox'),
      control('TextArea', 'plate', 'image', [], { perRegion: true, whenLabelValue: 'Car' }),
      control('Choices', 'colour', 'image', ['Red'], { perRegion: true, whenTagName: 'label' }),
    ]);
    const plate = {
      id: 'r1',
      from_name: 'plate',
      to_name: 'image',
      type: 'textarea',
      value: { text: ['AB-123'] },
    };
    const colour = {
      id: 'r1',
      from_name: 'colour',
      to_name: 'image',
      type: 'choices',
      value: { choices: ['Red'] },
    };
    expect(messages([rect(), plate, colour], c)).toEqual([]);

    const person = { ...rect(), value: { ...rect().value, rectanglelabels: ['Person'] } };
    expect(messages([person, plate], c)).toEqual([
      expect.stringMatching(
        /<TextArea name="plate"> applies only to regions labeled "Car" \(whenLabelValue\), but region "r1" is labeled Person/,
      ),
    ]);
    const plain = {
      id: 'r1',
      from_name: 'bbox',
      to_name: 'image',
      type: 'rectangle',
      ...size,
      value: { ...geometry },
    };
    expect(messages([plain, colour], c)).toEqual([
      expect.stringMatching(
        /<Choices name="colour"> applies only to regions from "label" \(whenTagName\), but region "r1" comes from "bbox"/,
      ),
    ]);
  });
});
