// A one-line progress bar on stderr, so stdout stays clean for pipes.

export interface ProgressBar {
  update(done: number, failed: number): void;
  finish(): void;
}

export function createProgressBar(
  total: number,
  label: string,
  stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr,
): ProgressBar {
  const started = Date.now();
  const interactive = Boolean(stream.isTTY);
  let lastDraw = 0;
  let lastLine = '';

  function render(done: number, failed: number): string {
    const elapsed = (Date.now() - started) / 1000;
    const rate = elapsed > 0 ? done / elapsed : 0;
    const eta = rate > 0 ? Math.round((total - done) / rate) : 0;
    const width = 24;
    const filled = total > 0 ? Math.round((done / total) * width) : width;
    const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
    const failedText = failed > 0 ? `, ${failed} failed` : '';
    return `${label} [${bar}] ${done}/${total} (${rate.toFixed(1)}/s, ETA ${eta}s${failedText})`;
  }

  return {
    update(done, failed) {
      const now = Date.now();
      // Non-TTY output (CI logs) gets a line every few seconds, not a flood.
      if (now - lastDraw < (interactive ? 100 : 5000) && done < total) return;
      lastDraw = now;
      lastLine = render(done, failed);
      stream.write(interactive ? `\r${lastLine}` : `${lastLine}\n`);
    },
    finish() {
      if (interactive && lastLine) stream.write('\n');
    },
  };
}
