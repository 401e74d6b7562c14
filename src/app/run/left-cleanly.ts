// A tab reloaded or closed mid-run is not a crash. `pagehide` fires then, and
// never when the renderer is killed (out of memory), so the page notes the
// run it left; resuming that run then does not count its in-flight tasks as
// crash suspects. localStorage: the write must finish while the page unloads.

const KEY = 'prelabel:left-cleanly';

export function noteLeftCleanly(runId: string, storage: Storage = localStorage): void {
  try {
    storage.setItem(KEY, runId);
  } catch {
    // storage disabled: the in-flight tasks count as suspects, as after a crash
  }
}

/** Whether `runId` was left on purpose; the note is used once. */
export function takeLeftCleanly(runId: string, storage: Storage = localStorage): boolean {
  try {
    const noted = storage.getItem(KEY);
    storage.removeItem(KEY);
    return noted === runId;
  } catch {
    return false;
  }
}
