// The engine's side of the prep worker: started on first use. Where no
// nested worker can be made or loaded (Node tests, a policy that refuses
// it), the same work runs in this thread.

import * as Comlink from 'comlink';
import { decodeImage, type DecodedImage } from './decode-image';
import type { PrepApi } from './prep-worker';
import { prepareImage, type PrepareSpec, type PreparedImage } from './prepare-image';

class PrepWorkerFailed extends Error {}

interface Link {
  worker: Worker;
  remote: Comlink.Remote<PrepApi>;
  /** Rejects when the worker fails to load or dies: calls then do not hang. */
  failed: Promise<never>;
}

export class ImagePrep {
  private link: Link | null = null;
  private unavailable = typeof Worker === 'undefined';

  prepareImage(blob: Blob, spec: PrepareSpec, reuse?: Float32Array): Promise<PreparedImage> {
    return this.call(
      (remote) => remote.prepareImage(blob, spec, reuse && Comlink.transfer(reuse, [reuse.buffer])),
      // A reuse buffer sent to a worker that then failed is detached: not reused.
      () => prepareImage(blob, spec, reuse && reuse.byteLength > 0 ? reuse : undefined),
    );
  }

  decodeImage(blob: Blob): Promise<DecodedImage> {
    return this.call(
      (remote) => remote.decodeImage(blob),
      () => decodeImage(blob),
    );
  }

  dispose(): void {
    this.link?.remote[Comlink.releaseProxy]();
    this.link?.worker.terminate();
    this.link = null;
  }

  private async call<T>(
    viaWorker: (remote: Comlink.Remote<PrepApi>) => Promise<T>,
    here: () => Promise<T>,
  ): Promise<T> {
    const link = this.connect();
    if (!link) return here();
    try {
      return await Promise.race([viaWorker(link.remote), link.failed]);
    } catch (error) {
      if (!(error instanceof PrepWorkerFailed)) throw error;
      return here();
    }
  }

  private connect(): Link | null {
    if (this.link || this.unavailable) return this.link;
    let worker: Worker;
    try {
      worker = new Worker(new URL('./prep-worker.ts', import.meta.url), {
        type: 'module',
        name: 'prelabel-prep',
      });
    } catch {
      this.unavailable = true;
      return null;
    }
    const failed = new Promise<never>((_, reject) => {
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        this.dispose();
        this.unavailable = true;
        reject(new PrepWorkerFailed(event.message || 'the image worker failed'));
      });
    });
    failed.catch(() => undefined);
    this.link = { worker, remote: Comlink.wrap<PrepApi>(worker), failed };
    return this.link;
  }
}
