import { describe, expect, it } from 'vitest';
import { validatePrediction } from './validate-prediction';
import { cfg, messages, rect } from './test-fixtures';

describe('validatePrediction: the prediction object', () => {
  it('accepts a well-formed prediction, with or without score, and an empty result', () => {
    expect(
      validatePrediction({ model_version: 'yolo@1', score: 0.42, result: [rect()] }, cfg),
    ).toEqual([]);
    expect(validatePrediction({ model_version: 'yolo@1', result: [] }, cfg)).toEqual([]);
  });

  it('rejects a non-object prediction', () => {
    for (const bad of [null, 3, 'x', [rect()]]) {
      const issues = validatePrediction(bad, cfg);
      expect(issues).toHaveLength(1);
      expect(issues[0]?.message).toMatch(/prediction must be an object/);
    }
  });

  it('requires result to be a list', () => {
    const issues = validatePrediction({ model_version: 'm', result: { a: 1 } }, cfg);
    expect(issues.map((i) => i.message)).toEqual([expect.stringMatching(/result must be a list/)]);
  });

  it('requires model_version to be a non-empty string', () => {
    for (const model_version of [undefined, 3, '']) {
      const issues = validatePrediction({ model_version, result: [] }, cfg);
      expect(issues.map((i) => i.message)).toEqual([
        expect.stringMatching(/model_version must be a non-empty string/),
      ]);
    }
  });

  it('requires score to be a finite number in 0..1 when present', () => {
    expect(validatePrediction({ model_version: 'm', score: 0, result: [] }, cfg)).toEqual([]);
    expect(validatePrediction({ model_version: 'm', score: 1, result: [] }, cfg)).toEqual([]);
    for (const score of [1.5, -0.1, Number.NaN, Infinity, '0.5', null]) {
      const issues = validatePrediction({ model_version: 'm', score, result: [] }, cfg);
      expect(issues.map((i) => i.message)).toEqual([
        expect.stringMatching(/score must be a number in 0\.\.1/),
      ]);
    }
  });
});

describe('validatePrediction: the result envelope', () => {
  it('tags issues with the result index, id and from_name', () => {
    const bad = { ...rect(), value: { ...rect().value, rectanglelabels: ['Cat'] } };
    const issues = validatePrediction(
      { model_version: 'm', result: [rect(), { ...bad, id: 'r2' }] },
      cfg,
    );
    expect(issues).toEqual([
      {
        resultIndex: 1,
        id: 'r2',
        fromName: 'label',
        message:
          'result 1 (from_name "label"): label "Cat" is not in <RectangleLabels name="label"> (labels: Person, Car, Bike)',
      },
    ]);
  });

  it('rejects a result that is not an object', () => {
    expect(messages([rect(), 'box'])).toEqual([
      expect.stringMatching(/^result 1 must be an object/),
    ]);
  });

  it('requires ids of [A-Za-z0-9_-]', () => {
    expect(messages([{ ...rect(), id: 'Ab_9-x' }])).toEqual([]);
    const { id: _drop, ...noId } = rect();
    expect(messages([noId])).toEqual([
      expect.stringMatching(/result 0 \(from_name "label"\): has no id/),
    ]);
    for (const id of ['a b', '', 'r#1', 7]) {
      expect(messages([{ ...rect(), id }])).toEqual([
        expect.stringMatching(/must be a non-empty string of letters, digits/),
      ]);
    }
  });

  it('requires from_name to be a control of the config', () => {
    expect(messages([{ ...rect(), from_name: 'labels' }])).toEqual([
      expect.stringMatching(
        /from_name "labels" is not a control in the labeling config \(controls: label, bbox, /,
      ),
    ]);
  });

  it('requires to_name to be one of the control toName objects', () => {
    expect(messages([{ ...rect(), to_name: 'img' }])).toEqual([
      'result 0 (from_name "label"): to_name "img" is not a target of <RectangleLabels name="label"> (toName: image); Label Studio drops the result',
    ]);
  });

  it('requires type to be the control tag name in lower case', () => {
    expect(messages([{ ...rect(), type: 'rectangle' }])).toEqual([
      expect.stringMatching(
        /type "rectangle" does not match <RectangleLabels name="label">: use "rectanglelabels"/,
      ),
    ]);
    expect(messages([{ ...rect(), type: 'RectangleLabels' }])).toHaveLength(1);
  });

  it('requires value to be an object', () => {
    expect(messages([{ ...rect(), value: [] }])).toEqual([
      expect.stringMatching(/value must be an object/),
    ]);
  });

  it('requires positive integer original_width/original_height on image regions', () => {
    const { original_width: _w, original_height: _h, ...noSize } = rect();
    expect(messages([noSize])).toEqual([
      expect.stringMatching(/original_width and original_height are missing/),
    ]);
    expect(messages([{ ...rect(), original_width: 640.5 }])).toEqual([
      expect.stringMatching(/original_width must be a positive integer/),
    ]);
    expect(messages([{ ...rect(), original_height: 0 }])).toEqual([
      expect.stringMatching(/original_height must be a positive integer/),
    ]);
  });

  it('does not require the image size on a whole-image classification', () => {
    const choice = {
      id: 'c1',
      from_name: 'quality',
      to_name: 'image',
      type: 'choices',
      value: { choices: ['Good'] },
    };
    expect(messages([choice])).toEqual([]);
  });

  it('checks the optional fields: score, image_rotation, readonly, hidden, meta', () => {
    expect(
      messages([
        { ...rect(), readonly: false, hidden: false, meta: { text: ['x'] }, origin: 'prediction' },
      ]),
    ).toEqual([]);
    expect(messages([{ ...rect(), score: 91 }])).toEqual([
      expect.stringMatching(/score \(the region's confidence\) must be a number in 0\.\.1, got 91/),
    ]);
    expect(messages([{ ...rect(), image_rotation: 'none' }])).toEqual([
      expect.stringMatching(/image_rotation must be a number/),
    ]);
    expect(messages([{ ...rect(), readonly: 'yes' }])).toEqual([
      expect.stringMatching(/readonly must be true or false/),
    ]);
    expect(messages([{ ...rect(), meta: 'x' }])).toEqual([
      expect.stringMatching(/meta must be an object/),
    ]);
  });

  it('requires item_index exactly on regions of valueList images', () => {
    const page = {
      ...rect(),
      from_name: 'page_box',
      to_name: 'pages',
      value: { ...rect().value, rectanglelabels: ['Stamp'] },
    };
    expect(messages([{ ...page, item_index: 2 }])).toEqual([]);
    expect(messages([page])).toEqual([
      expect.stringMatching(/item_index is missing: <Image name="pages"> shows a list/),
    ]);
    expect(messages([{ ...page, item_index: -1 }])).toEqual([
      expect.stringMatching(/item_index must be a non-negative integer/),
    ]);
    expect(messages([{ ...rect(), item_index: 0 }])).toEqual([
      expect.stringMatching(/item_index is only for objects with valueList/),
    ]);
  });

  it('checks parentID points at another result', () => {
    const child = { ...rect(), id: 'r2', parentID: 'r1' };
    expect(messages([rect(), child])).toEqual([]);
    expect(messages([rect(), { ...child, parentID: 'nope' }])).toEqual([
      expect.stringMatching(
        /result 1 \(from_name "label"\): parentID "nope" must be the id of another result/,
      ),
    ]);
  });
});
