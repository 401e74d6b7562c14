import { describe, expect, it } from 'vitest';
import { dialoguePrompt, fillTemplate, formatDialogue, PromptError } from './prompt';

describe('fillTemplate', () => {
  it('fills $field references with Label Studio data paths', () => {
    const data = { title: 'Cats', meta: { lang: 'en' }, turns: [{ text: 'hi' }], n: 3 };
    expect(fillTemplate('Title: $title ($meta.lang) first=$turns[0].text n=$n\n', data)).toBe(
      'Title: Cats (en) first=hi n=3\n',
    );
  });
  it('writes a dialogue field as author: text lines', () => {
    const data = {
      dialogue: [
        { author: 'Bob', text: 'Hello' },
        { author: 'Ann', text: 'Hi!' },
      ],
    };
    expect(fillTemplate('$dialogue\nBob:', data)).toBe('Bob: Hello\nAnn: Hi!\nBob:');
  });
  it('names every missing field', () => {
    expect(() => fillTemplate('$a and $b.c', { a: 'x' })).toThrow(
      new PromptError("the prompt template refers to $b.c, which the task's data does not have"),
    );
  });
});

describe('dialoguePrompt', () => {
  const turns = [
    { author: 'Customer', text: 'My order is late.' },
    { author: 'Agent', text: 'Sorry! What is the number?' },
    { author: 'Customer', text: '12345' },
  ];
  it('ends with the other party (the author before last) as the replier', () => {
    expect(dialoguePrompt(turns)).toBe(
      'Customer: My order is late.\nAgent: Sorry! What is the number?\nCustomer: 12345\nAgent:',
    );
  });
  it('takes the replier and the keys of <Paragraphs nameKey textKey>', () => {
    const custom = [{ who: 'A', says: 'x' }];
    expect(dialoguePrompt(custom, { nameKey: 'who', textKey: 'says', replier: 'B' })).toBe(
      'A: x\nB:',
    );
  });
  it('refuses turns without text, naming the turn', () => {
    expect(() => formatDialogue([{ author: 'A', text: 'x' }, { author: 'B' }])).toThrow(
      /dialogue turn 2 has no "text" string/,
    );
    expect(() => dialoguePrompt([])).toThrow(/no turns/);
  });
});
