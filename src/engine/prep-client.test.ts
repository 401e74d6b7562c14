import { afterEach, describe, expect, it, vi } from 'vitest';
import { ImagePrep } from './prep-client';

/** A worker whose script never loads: it only ever reports an error. */
class FailingWorker {
  static made = 0;
  private listeners: ((event: unknown) => void)[] = [];
  constructor() {
    FailingWorker.made++;
    setTimeout(() => {
      for (const l of this.listeners) l({ message: 'blocked by policy', preventDefault() {} });
    }, 5);
  }
  addEventListener(type: string, listener: (event: unknown) => void) {
    if (type === 'error') this.listeners.push(listener);
  }
  removeEventListener() {}
  postMessage() {}
  terminate() {}
}

describe('ImagePrep', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('does the work in this thread when the worker cannot load, instead of hanging', async () => {
    FailingWorker.made = 0;
    vi.stubGlobal('Worker', FailingWorker);
    // Node has no createImageBitmap: reaching it proves the in-thread path ran.
    vi.stubGlobal('createImageBitmap', () => Promise.reject(new Error('decoded here')));
    const prep = new ImagePrep();
    const png = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])]);
    await expect(prep.decodeImage(png)).rejects.toThrow();
    // Later calls do not try the broken worker again.
    await expect(prep.decodeImage(png)).rejects.toThrow();
    expect(FailingWorker.made).toBe(1);
  });

  it('works without Worker at all (Node, tests)', async () => {
    vi.stubGlobal('Worker', undefined);
    const prep = new ImagePrep();
    const empty = new Blob([]);
    await expect(prep.decodeImage(empty)).rejects.toThrow(/empty|0 bytes|decode/i);
  });
});
