/**
 * Cuts text fed in pieces into lines (without `\n` or a trailing `\r`),
 * numbered from 1. A line split across pieces is joined once, when complete.
 */
export class LineSplitter {
  private parts: string[] = [];
  private lineNumber = 0;

  constructor(private readonly onLine: (line: string, lineNumber: number) => void) {}

  push(text: string): void {
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      const piece = text.slice(start, nl);
      const line = this.parts.length > 0 ? this.parts.join('') + piece : piece;
      this.parts = [];
      start = nl + 1;
      this.emit(line);
    }
    if (start < text.length) this.parts.push(text.slice(start));
  }

  end(): void {
    if (this.parts.length === 0) return;
    const line = this.parts.join('');
    this.parts = [];
    this.emit(line);
  }

  private emit(line: string): void {
    this.lineNumber++;
    this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line, this.lineNumber);
  }
}
