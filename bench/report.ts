// Collects the bench's rows and raw figures; prints the Markdown table and
// writes .cache/bench/latest.json (+ latest.md).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OUT_DIR, commandFor, type Section } from './config';

export interface Row {
  section: Section | 'general';
  metric: string;
  value: string;
  target: string;
  /** true/false when the target is a pass/fail bound; undefined when informative only. */
  met?: boolean;
}

export class Report {
  readonly rows: Row[] = [];
  readonly notes: string[] = [];
  readonly raw: Record<string, unknown> = {};

  add(row: Row): void {
    this.rows.push(row);
    const mark = row.met === undefined ? '' : row.met ? ' ✓' : ' ✗';
    console.log(
      `  ${row.metric}: ${row.value}${row.target ? ` (target ${row.target})` : ''}${mark}`,
    );
  }

  note(section: Section | 'general', text: string): void {
    this.notes.push(`${section}: ${text}`);
    console.log(`  note: ${text}`);
  }

  markdown(): string {
    const escape = (s: string) => s.replace(/\|/g, '\\|');
    const lines = ['| metric | value | target | command |', '|---|---|---|---|'];
    // The noise row first: it says how far to trust the rest.
    const rows = [...this.rows].sort(
      (a, b) => Number(b.section === 'general') - Number(a.section === 'general'),
    );
    for (const r of rows) {
      const mark = r.met === undefined ? '' : r.met ? ' ✓' : ' ✗';
      lines.push(
        `| ${escape(r.metric)} | ${escape(r.value)}${mark} | ${escape(r.target || '—')} | \`${r.section === 'general' ? commandFor() : commandFor(r.section)}\` |`,
      );
    }
    return lines.join('\n');
  }

  write(meta: Record<string, unknown>): string {
    mkdirSync(OUT_DIR, { recursive: true });
    const path = join(OUT_DIR, 'latest.json');
    writeFileSync(
      path,
      `${JSON.stringify({ ...meta, rows: this.rows, notes: this.notes, raw: this.raw }, null, 2)}\n`,
    );
    writeFileSync(join(OUT_DIR, 'latest.md'), `${this.markdown()}\n`);
    return path;
  }
}

export const fmt = {
  rate: (tasksPerSecond: number) => `${tasksPerSecond.toFixed(2)} tasks/s`,
  ms: (ms: number) => `${ms < 10 ? ms.toFixed(2) : ms.toFixed(1)} ms`,
  ratio: (r: number) => r.toFixed(2),
  mb: (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`,
  s: (ms: number) => `${(ms / 1000).toFixed(2)} s`,
};
