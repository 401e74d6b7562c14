import { describe, expect, it } from 'vitest';
import { cfg, rect } from './test-fixtures';
import { validateTaskPredictions } from './validate-task';

const span = (start: number, end: number) => ({
  id: 's1',
  from_name: 'ner',
  to_name: 'text',
  type: 'labels',
  value: { start, end, text: 'Paris', labels: ['LOC'] },
});

describe('validateTaskPredictions', () => {
  const task = { id: 17, data: { image: 'a.jpg', text: 'I ❤️ 🦄 visited Paris' } };

  it('returns nothing for valid predictions', () => {
    expect(
      validateTaskPredictions(
        task,
        [{ model_version: 'm', result: [rect(), span(15, 20)] }],
        cfg,
        3,
      ),
    ).toEqual([]);
  });

  it('tags issues with the task id and index, and checks spans against the task text', () => {
    const issues = validateTaskPredictions(
      task,
      [{ model_version: 'm', result: [rect(), span(16, 21)] }],
      cfg,
      3,
    );
    expect(issues).toEqual([
      {
        taskIndex: 3,
        taskId: 17,
        predictionIndex: 0,
        resultIndex: 1,
        id: 's1',
        fromName: 'ner',
        message: expect.stringMatching(
          /^task 17: result 1 \(from_name "ner"\): value\.end \(21\) is past the end of the task text/,
        ),
      },
    ]);
  });

  it('names tasks without an id by index, and predictions when there are several', () => {
    const issues = validateTaskPredictions(
      { data: { text: 'x' } },
      [
        { model_version: 'a', result: [] },
        { model_version: 'b', result: 'none' },
      ],
      cfg,
      8,
    );
    expect(issues).toEqual([
      expect.objectContaining({
        taskIndex: 8,
        predictionIndex: 1,
        message: 'task #8 (no id), prediction 1: result must be a list of result items, got "none"',
      }),
    ]);
    expect(issues[0]).not.toHaveProperty('taskId');
  });

  it('flags two predictions of one model version for one task', () => {
    const issues = validateTaskPredictions(
      task,
      [
        { model_version: 'm', result: [rect()] },
        { model_version: 'm', result: [] },
      ],
      cfg,
    );
    expect(issues.map((i) => i.message)).toEqual([
      expect.stringMatching(
        /^task 17, prediction 1: model_version "m" already has prediction 0 for this task; .*ONE prediction/,
      ),
    ]);
  });

  it('reports a task without data', () => {
    expect(validateTaskPredictions({ id: 1 }, [], cfg).map((i) => i.message)).toEqual([
      'task 1: has no "data" object to label',
    ]);
  });
});
