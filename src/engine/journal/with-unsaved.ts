// The journal's done records with the ones a full disk kept out of it merged
// in, in index order: this session still has those and must not lose them.
import type { TaskRecord } from './types';

export async function* withUnsaved(
  stored: AsyncIterable<TaskRecord>,
  unsaved: readonly TaskRecord[],
): AsyncGenerator<TaskRecord> {
  const extra = unsaved.filter((r) => r.state === 'done').sort((a, b) => a.index - b.index);
  let next = 0;
  for await (const record of stored) {
    while (next < extra.length && extra[next]!.index < record.index) yield extra[next++]!;
    if (extra[next]?.index === record.index) next++; // stored after all: the journal's copy
    yield record;
  }
  yield* extra.slice(next);
}
