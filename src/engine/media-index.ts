// Finds the dropped file a task refers to. Tasks made from dropped media carry
// the file's name; task files may carry full URLs or Label Studio upload paths
// whose last segment is the file name ("/data/upload/3/ab12cd-photo.jpg" is
// found too when "photo.jpg" was dropped: Label Studio prefixes uploads).

export class MediaIndex {
  private byPath = new Map<string, File>();
  private byName = new Map<string, File>();

  constructor(entries: readonly { path: string; file: File }[] = []) {
    for (const { path, file } of entries) {
      this.byPath.set(path, file);
      // First one wins when two folders hold the same name.
      if (!this.byName.has(file.name)) this.byName.set(file.name, file);
    }
  }

  get size(): number {
    return this.byPath.size;
  }

  find(reference: string): File | undefined {
    const direct = this.byPath.get(reference) ?? this.byName.get(reference);
    if (direct || this.byName.size === 0) return direct;
    const name = lastSegment(reference);
    if (!name) return undefined;
    const byName = this.byName.get(name);
    if (byName) return byName;
    // Label Studio stores uploads as "<8 hex>-<original name>".
    const unprefixed = /^[0-9a-f]{8}-(.+)$/i.exec(name)?.[1];
    return unprefixed ? this.byName.get(unprefixed) : undefined;
  }
}

/** The decoded last path segment of a URL or path, without query or hash. */
export function lastSegment(reference: string): string {
  const path = reference.split(/[?#]/)[0] ?? '';
  // `/data/local-files/?d=dir/photo.jpg` names the file in its query.
  const localFiles = /[?&]d=([^&#]+)/.exec(reference)?.[1];
  const raw = (localFiles ?? path).split(/[\\/]/).pop() ?? '';
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** A short name for a task in lists and messages. */
export function taskDisplayName(reference: unknown, index: number, taskId: unknown): string {
  if (typeof reference === 'string' && reference.length > 0) {
    if (reference.startsWith('data:')) return `task ${index + 1} (inline image)`;
    const name = lastSegment(reference);
    if (name) return name;
  }
  return typeof taskId === 'number' ? `task #${taskId}` : `task ${index + 1}`;
}
