import type { ImportOptions } from './parser-types';
import { TaskImporter } from './task-importer';
import type { ImportIssue, LsTask } from './types';

export interface StreamImportOptions extends ImportOptions {
  /** Stops reading between chunks; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
}

export type BatchHandler = (tasks: LsTask[], issues: ImportIssue[]) => void | Promise<void>;

/**
 * A macrotask pause: a resolved promise alone would not let a worker handle
 * an incoming message (such as "cancel") between batches.
 */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Imports a large task file incrementally (all formats, including JSON lists),
 * handing tasks to `onBatch` in batches of `batchSize`. Gives exactly the
 * tasks and issues `importTaskFile` gives for the same bytes, whatever the
 * chunking. Rejects only when the stream fails or the signal aborts.
 */
export async function importTaskStream(
  fileName: string,
  stream: ReadableStream<Uint8Array>,
  options: StreamImportOptions,
  onBatch: BatchHandler,
  batchSize = 5000,
): Promise<{ count: number }> {
  let tasks: LsTask[] = [];
  let issues: ImportIssue[] = [];
  let count = 0;
  const importer = new TaskImporter(fileName, options, {
    task: (task) => tasks.push(task),
    issue: (issue) => issues.push(issue),
  });
  const size = Math.max(1, Math.floor(batchSize));

  const flush = async (all: boolean): Promise<void> => {
    while (
      tasks.length >= size ||
      issues.length >= size ||
      (all && (tasks.length || issues.length))
    ) {
      const batch = tasks.length > size ? tasks.slice(0, size) : tasks;
      tasks = tasks.length > size ? tasks.slice(size) : [];
      const batchIssues = issues;
      issues = [];
      count += batch.length;
      await onBatch(batch, batchIssues);
      await yieldToEventLoop();
    }
  };

  // Decodes like Blob.text() (dropping a BOM); the importer then drops one
  // more leading BOM, exactly as it does for text from Blob.text().
  const decoder = new TextDecoder('utf-8');
  const reader = stream.getReader();
  try {
    for (;;) {
      options.signal?.throwIfAborted();
      const { done, value } = await reader.read();
      if (done) break;
      importer.push(decoder.decode(value, { stream: true }));
      await flush(false);
      if (importer.stopped) {
        await reader.cancel();
        break;
      }
    }
    importer.push(decoder.decode());
    importer.end();
    await flush(true);
  } catch (error) {
    await reader.cancel(error).catch(() => undefined);
    throw error;
  } finally {
    reader.releaseLock();
  }
  return { count };
}
