// A task's media reference → pixels. Label Studio paths (/data/upload/…,
// /data/local-files/?d=…) and URLs on its host are fetched from `hostname`
// with the token from /setup (src/core/ls-client: legacy tokens and personal
// access tokens; the token never goes to another host). Other http(s) URLs
// are fetched as they are. Never a local file: a request must not make the
// server read its own disk.
import { availableParallelism } from 'node:os';
import { createLsClient, type LsClient } from '../core/ls-client';
import { decodeImageRgba } from '../models/predictor/node-image';
import type { RgbaImage } from '../models/types';

export interface LabelStudioAccess {
  hostname?: string;
  token?: string;
}

/** Media requests are on the /predict path: fail within a bounded time. */
const MEDIA_RETRY = { retries: 2, baseDelayMs: 300, maxDelayMs: 2000, maxRetryAfterMs: 5000 };
const MEDIA_TIMEOUT_MS = 30_000;

/** Runs at most `limit` tasks at a time, in arrival order. */
class Gate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

export class MediaLoader {
  private readonly clients = new Map<string, LsClient>();
  // Decodes share the cores with the model: as many at a time as the CLI
  // overlaps (one next to each inference on a small machine), not one per request.
  private readonly decodes = new Gate(Math.max(1, Math.floor(availableParallelism() / 2)));

  /** The Label Studio client of this host and token (shared by requests). */
  client(access: LabelStudioAccess): LsClient | undefined {
    if (!access.hostname) return undefined;
    const key = `${access.hostname}\0${access.token ?? ''}`;
    let client = this.clients.get(key);
    if (!client) {
      client = createLsClient({
        url: access.hostname,
        token: access.token ?? '',
        retry: MEDIA_RETRY,
        timeoutMs: MEDIA_TIMEOUT_MS,
      });
      this.clients.set(key, client);
    }
    return client;
  }

  async bytes(ref: unknown, access: LabelStudioAccess): Promise<Buffer> {
    if (typeof ref !== 'string' || ref.trim() === '') {
      throw new Error('the task has no media reference under the config data key');
    }
    const client = this.client(access);
    if (client) return Buffer.from(await (await client.fetchMedia(ref)).arrayBuffer());
    if (/^data:/i.test(ref)) return Buffer.from(await (await fetch(ref)).arrayBuffer());
    if (/^https?:\/\//i.test(ref)) {
      const response = await fetch(ref, { signal: AbortSignal.timeout(MEDIA_TIMEOUT_MS) });
      if (!response.ok) throw new Error(`${ref} answered HTTP ${response.status}`);
      return Buffer.from(await response.arrayBuffer());
    }
    throw new Error(
      `"${ref.slice(0, 120)}" is a Label Studio path: no hostname known for this project (Label Studio sends it in /setup; or set LABEL_STUDIO_URL)`,
    );
  }

  async image(ref: unknown, access: LabelStudioAccess): Promise<RgbaImage> {
    const bytes = await this.bytes(ref, access);
    try {
      return await this.decodes.run(() => decodeImageRgba(bytes));
    } catch (error) {
      throw new Error(`cannot decode "${String(ref).slice(0, 120)}": ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
}
