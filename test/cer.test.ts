import { describe, expect, it } from 'vitest';
import { characterErrorRate, pageText } from './cer';

describe('characterErrorRate', () => {
  it('is 0 for the same page however its spaces and blank lines are laid out', () => {
    expect(characterErrorRate(['ab cd', 'ef'], '  ab   cd\n\nef \n')).toBe(0);
    expect(pageText([' a  b ', '', 'c'])).toBe('a b\nc');
  });
  it('charges a lost line its characters and its line break, a lost space one edit', () => {
    // "ab cd\nef" has 8 characters.
    expect(characterErrorRate(['ab cd', 'ef'], ['ab cd'])).toBe(3 / 8);
    expect(characterErrorRate(['ab cd', 'ef'], ['abcd', 'ef'])).toBe(1 / 8);
  });
  it('is 1 for text read where there is none', () => {
    expect(characterErrorRate([], ['x'])).toBe(1);
    expect(characterErrorRate([], [])).toBe(0);
  });
});
