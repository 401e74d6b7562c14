import type { SourcePos } from './types';

/**
 * A labeling config Prelabel cannot use. The message already starts with
 * `line N:` so the UI can show it as is; `line`/`column` let it point at the XML.
 */
export class ConfigError extends Error {
  readonly line: number;
  readonly column: number;

  constructor(pos: SourcePos, reason: string) {
    super(`line ${pos.line}: ${reason}`);
    this.name = 'ConfigError';
    this.line = pos.line;
    this.column = pos.column;
  }
}

/** `<Tag name="x">` as the user wrote it, for messages. */
export function describeTag(tag: string, name?: string): string {
  return name ? `<${tag} name="${name}">` : `<${tag}>`;
}
