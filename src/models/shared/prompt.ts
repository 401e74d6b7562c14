// The prompt a generation model continues, built from a task (by the
// predictor, so it lives here and not in the generation family): a template with
// `$field` references (Label Studio's data path syntax: `$text`, `$meta.title`,
// `$turns[0].text`), or a `<Paragraphs>` dialogue written as `author: text`
// lines followed by the replying author's name.
import { readDataPath } from '../../core/config/data-path';

export class PromptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PromptError';
  }
}

const FIELD = /\$([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[\d+\])*)/g;

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every(isTurn)) return formatDialogue(value);
  return JSON.stringify(value);
}

/** Fills `$field` references from task data; throws naming every missing field. */
export function fillTemplate(template: string, data: Record<string, unknown>): string {
  const missing: string[] = [];
  const filled = template.replace(FIELD, (whole, path: string) => {
    const value = readDataPath(data, path);
    if (value === undefined || value === null) {
      missing.push(whole);
      return whole;
    }
    return asText(value);
  });
  if (missing.length > 0) {
    throw new PromptError(
      `the prompt template refers to ${missing.join(', ')}, which the task's data does not have`,
    );
  }
  return filled;
}

/** One utterance of a `<Paragraphs>` dialogue (Label Studio's default name/text keys). */
export interface DialogueTurn {
  author?: unknown;
  text?: unknown;
}

function isTurn(value: unknown): value is DialogueTurn {
  return typeof value === 'object' && value !== null && 'text' in value;
}

export interface DialogueOptions {
  /** Keys of the author and the text in each turn (`nameKey`/`textKey` of `<Paragraphs>`). */
  nameKey?: string;
  textKey?: string;
  /** Who speaks next; default: the author of the turn before last (the other party). */
  replier?: string;
}

export function formatDialogue(turns: readonly unknown[], options: DialogueOptions = {}): string {
  const nameKey = options.nameKey ?? 'author';
  const textKey = options.textKey ?? 'text';
  const lines: string[] = [];
  turns.forEach((turn, i) => {
    if (typeof turn !== 'object' || turn === null) {
      throw new PromptError(`dialogue turn ${i + 1} is not an object {${nameKey}, ${textKey}}`);
    }
    const record = turn as Record<string, unknown>;
    const text = record[textKey];
    if (typeof text !== 'string') {
      throw new PromptError(`dialogue turn ${i + 1} has no "${textKey}" string`);
    }
    const author = record[nameKey];
    const name = typeof author === 'string' && author !== '' ? author : '';
    lines.push(name ? `${name}: ${text}` : text);
  });
  return lines.join('\n');
}

/** The dialogue, then the next speaker's name, ready for the model to continue. */
export function dialoguePrompt(turns: readonly unknown[], options: DialogueOptions = {}): string {
  if (turns.length === 0) throw new PromptError('the dialogue has no turns');
  const body = formatDialogue(turns, options);
  const nameKey = options.nameKey ?? 'author';
  const authorOf = (i: number): string => {
    const turn = turns[i] as Record<string, unknown> | undefined;
    const a = turn?.[nameKey];
    return typeof a === 'string' ? a : '';
  };
  const replier = options.replier ?? (turns.length >= 2 ? authorOf(turns.length - 2) : '');
  return replier ? `${body}\n${replier}:` : `${body}\n`;
}
