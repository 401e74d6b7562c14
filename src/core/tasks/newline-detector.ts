export type Newline = '\n' | '\r\n' | '\r';

/**
 * Finds the line break a CSV file uses from its first break outside quotes
 * (a quoted header may hold a newline), reading the text piece by piece.
 */
export class NewlineDetector {
  private inQuotes = false;
  private previous = '';
  private sawCarriageReturn = false;
  private found: Newline | undefined;

  /** Feeds more text; true once the line break is known. */
  push(text: string): boolean {
    if (this.found) return true;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === '"') this.inQuotes = !this.inQuotes;
      else if (!this.inQuotes && c === '\n') {
        this.found = this.previous === '\r' ? '\r\n' : '\n';
        return true;
      } else if (!this.inQuotes && c === '\r') this.sawCarriageReturn = true;
      this.previous = c ?? '';
    }
    return false;
  }

  /** The line break, guessing from what was seen when no `\n` came outside quotes. */
  result(): Newline {
    return this.found ?? (this.sawCarriageReturn ? '\r' : '\n');
  }
}
