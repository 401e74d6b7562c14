// The push journal as a JSON file next to the predictions file. It stays a
// valid JSON list at all times, one entry per line; each write appends the
// batch's entries in place of the closing "]" instead of rewriting the file,
// so 100k tasks cost 100k short lines, not 1000 rewrites of a large file.
// The last entry for a key wins.
import { open, readFile, rename, writeFile } from 'node:fs/promises';
import type { PushJournal, PushJournalEntry } from '../core/ls-client';

const TAIL = '\n]\n';

interface Line extends PushJournalEntry {
  key: string;
}

export function journalPathFor(predictionsFile: string): string {
  return `${predictionsFile}.push-journal.json`;
}

function parseLines(text: string): Line[] {
  try {
    const list: unknown = JSON.parse(text);
    if (Array.isArray(list)) return list as Line[];
  } catch {
    // A write cut short (crash, full disk): keep every complete line.
  }
  const out: Line[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim().replace(/^,/, '').replace(/,$/, '');
    if (!line.startsWith('{')) continue;
    try {
      out.push(JSON.parse(line) as Line);
    } catch {
      // the torn last line
    }
  }
  return out;
}

export class JsonFilePushJournal implements PushJournal {
  private readonly entries = new Map<string, PushJournalEntry>();
  private queue: Promise<void> = Promise.resolve();
  private exists = false;
  /** Entries written to the file, to know whether the next one needs a comma. */
  private written = 0;

  private constructor(readonly path: string) {}

  static async open(path: string): Promise<JsonFilePushJournal> {
    const journal = new JsonFilePushJournal(path);
    let text: string | undefined;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text !== undefined) {
      for (const { key, ...entry } of parseLines(text)) {
        if (typeof key === 'string') journal.entries.set(key, entry);
        journal.written++;
      }
      journal.exists = true;
      // Repair a torn or hand-edited file, so appending in place is safe again.
      if (!text.endsWith(TAIL)) await journal.rewrite();
    }
    return journal;
  }

  get size(): number {
    return this.entries.size;
  }

  async get(key: string): Promise<PushJournalEntry | undefined> {
    return this.entries.get(key);
  }

  set(key: string, entry: PushJournalEntry): Promise<void> {
    return this.setMany([[key, entry]]);
  }

  setMany(list: ReadonlyArray<readonly [string, PushJournalEntry]>): Promise<void> {
    for (const [key, entry] of list) this.entries.set(key, { ...entry });
    const lines = list.map(([key, entry]) => JSON.stringify({ key, ...entry }));
    // One write at a time: concurrent appends would interleave.
    const write = this.queue.then(() => this.append(lines));
    this.queue = write.catch(() => undefined);
    return write;
  }

  private async append(lines: string[]): Promise<void> {
    if (lines.length === 0) return;
    if (!this.exists) {
      await writeFile(this.path, `[\n${lines.join(',\n')}${TAIL}`);
      this.exists = true;
    } else {
      const handle = await open(this.path, 'r+');
      try {
        const { size } = await handle.stat();
        const separator = this.written > 0 ? ',\n' : '\n';
        await handle.write(`${separator}${lines.join(',\n')}${TAIL}`, size - TAIL.length);
      } finally {
        await handle.close();
      }
    }
    this.written += lines.length;
  }

  private async rewrite(): Promise<void> {
    const lines = [...this.entries].map(([key, entry]) => JSON.stringify({ key, ...entry }));
    const tmp = `${this.path}.tmp`;
    await writeFile(tmp, lines.length ? `[\n${lines.join(',\n')}${TAIL}` : `[${TAIL}`);
    await rename(tmp, this.path);
    this.written = lines.length;
  }
}
