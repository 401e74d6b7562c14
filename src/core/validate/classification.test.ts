import { describe, expect, it } from 'vitest';
import { messages } from './test-fixtures';

const result = (from_name: string, type: string, value: Record<string, unknown>) => ({
  id: `${from_name}1`,
  from_name,
  to_name: 'image',
  type,
  value,
});

describe('textarea', () => {
  it('accepts a list of strings', () => {
    expect(
      messages([
        { ...result('transcription', 'textarea', { text: ['hello'] }), id: 'r1' },
        ocrBox(),
      ]),
    ).toEqual([]);
  });
  it('rejects a plain string, showing the fix', () => {
    expect(
      messages([ocrBox(), { ...result('transcription', 'textarea', { text: 'hello' }), id: 'r1' }]),
    ).toEqual([
      'result 1 (from_name "transcription"): value.text must be a LIST of strings: write ["hello"]',
    ]);
  });
  it('rejects an empty list and non-strings', () => {
    expect(
      messages([ocrBox(), { ...result('transcription', 'textarea', { text: [] }), id: 'r1' }]),
    ).toEqual([expect.stringMatching(/value\.text is an empty list/)]);
    expect(
      messages([ocrBox(), { ...result('transcription', 'textarea', { text: [1] }), id: 'r1' }]),
    ).toEqual([expect.stringMatching(/value\.text must be a list of strings, got \[1\]/)]);
  });
});

function ocrBox() {
  return {
    id: 'r1',
    from_name: 'bbox',
    to_name: 'image',
    type: 'rectangle',
    original_width: 100,
    original_height: 100,
    value: { x: 1, y: 1, width: 10, height: 10, rotation: 0 },
  };
}

describe('rating', () => {
  it('accepts an integer 0..maxRating', () => {
    expect(messages([result('stars', 'rating', { rating: 0 })])).toEqual([]);
    expect(messages([result('stars', 'rating', { rating: 5 })])).toEqual([]);
  });
  it('rejects out-of-range and fractional ratings', () => {
    for (const rating of [6, -1, 2.5, '3']) {
      expect(messages([result('stars', 'rating', { rating })])).toEqual([
        expect.stringMatching(/value\.rating must be an integer 0\.\.5 \(maxRating\)/),
      ]);
    }
  });
});

describe('number', () => {
  it('accepts a number within min/max', () => {
    expect(messages([result('count', 'number', { number: 0 })])).toEqual([]);
    expect(messages([result('count', 'number', { number: 10 })])).toEqual([]);
  });
  it('rejects a number outside min/max or not a number', () => {
    expect(messages([result('count', 'number', { number: 11 })])).toEqual([
      expect.stringMatching(/value\.number 11 is above max="10" of <Number name="count">/),
    ]);
    expect(messages([result('count', 'number', { number: -1 })])).toEqual([
      expect.stringMatching(/is below min="0"/),
    ]);
    expect(messages([result('count', 'number', { number: '4' })])).toEqual([
      expect.stringMatching(/value\.number must be a finite number/),
    ]);
  });
});

describe('datetime', () => {
  it('accepts a date string and rejects anything else', () => {
    expect(messages([result('when', 'datetime', { datetime: '2024-01-15T10:30' })])).toEqual([]);
    expect(messages([result('when', 'datetime', { datetime: 1705311000 })])).toEqual([
      expect.stringMatching(/value\.datetime must be a non-empty date\/time string/),
    ]);
  });
});

describe('whole-image classifications', () => {
  it('allows one result per control and object', () => {
    const a = result('quality', 'choices', { choices: ['Good'] });
    expect(messages([a, { ...a, id: 'q2', value: { choices: ['Bad'] } }])).toEqual([
      'result 1 (from_name "quality"): <Choices name="quality"> already has a result for "image" (result 0): merge both into one result',
    ]);
  });
});
