// Identities that decide whether a journalled run belongs to what the user
// dropped now. The tasks are identified by their content, in order (task
// indices follow the order), so the same files dropped again, from anywhere,
// match, and any edit does not. A fast 2×32-bit hash over each task's JSON:
// no big string is built for 100k tasks, and runs are compared only with the
// few runs of the same model, so collisions do not matter.

import type { LsTask } from '../../core/tasks/types';

/** Incremental cyrb53-style hash (two 32-bit lanes). */
export class TextHasher {
  private h1 = 0xdeadbeef;
  private h2 = 0x41c6ce57;

  update(text: string): this {
    let { h1, h2 } = this;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    this.h1 = h1;
    this.h2 = h2;
    return this;
  }

  digest(): string {
    let { h1, h2 } = this;
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
    return hex(h2) + hex(h1);
  }
}

/** The tasks as imported, in order. `\u0001` separates tasks (JSON never contains it raw). */
export function tasksFingerprint(tasks: Iterable<LsTask>): string {
  const hasher = new TextHasher();
  let count = 0;
  for (const task of tasks) {
    hasher.update(JSON.stringify(task)).update('\u0001');
    count++;
  }
  return `${count}:${hasher.digest()}`;
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function configHash(xml: string): Promise<string> {
  return sha256Hex(xml);
}
