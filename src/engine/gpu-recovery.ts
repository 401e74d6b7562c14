// A lost WebGPU device fails every later session.run (or leaves it hanging).
// This guard watches the device of a model on WebGPU; once it is lost, or a
// run fails on it mid-run, the model is reloaded on WASM (once, shared by
// every task that notices), the task that was running is tried again on it,
// and later tasks run there. Seen here: after Chromium's GPU process crashed,
// runs failed at once ("no GPU data for input") while the device reported
// its loss only ~10 s later, so a failed run does not wait for that report.

import { deviceLostNotice, watchDeviceLost, type LostInfo } from './device-lost';
import { errorMessage } from './errors';

export class DeviceLostError extends Error {
  constructor(readonly info: LostInfo) {
    super(deviceLostNotice(info));
    this.name = 'DeviceLostError';
  }
}

export class GpuRecovery<Model> {
  private lost: LostInfo | null = null;
  private stopWatching: () => void = () => undefined;
  private listeners = new Set<(info: LostInfo) => void>();
  private watching = false;
  private switching: Promise<Model> | null = null;

  /** `switchToWasm` loads the same model on WASM; its notice says why. */
  constructor(
    private readonly switchToWasm: (notice: string) => Promise<Model>,
    /** How long a failed WebGPU run waits for a loss report, to name the cause. */
    private readonly lossGraceMs = 500,
  ) {}

  /** After every model load: `device` is the WebGPU device it runs on, undefined on WASM. */
  watch(device: unknown): void {
    this.stopWatching();
    this.lost = null;
    this.switching = null;
    this.listeners.clear();
    this.watching = device !== undefined;
    if (device === undefined) return;
    this.stopWatching = watchDeviceLost(device, (info) => {
      this.lost = info;
      for (const listener of [...this.listeners]) listener(info);
    });
  }

  get lostInfo(): LostInfo | null {
    return this.lost;
  }

  /**
   * Runs `work` on the current model. When the device is lost before or
   * while it runs, or the run fails on WebGPU, `adopt` receives the WASM
   * model and `work` runs again (a task that fails on WASM too fails).
   */
  async guard<T>(work: () => Promise<T>, adopt: (model: Model) => void): Promise<T> {
    if (!this.watching) return work();
    let notice = this.lost ? deviceLostNotice(this.lost) : '';
    if (!this.lost) {
      try {
        return await this.untilLost(work());
      } catch (error) {
        const lost = this.lost ?? (await this.lostWithin(this.lossGraceMs));
        notice = lost
          ? deviceLostNotice(lost)
          : `WebGPU failed during the run (${errorMessage(error)}); continuing on WASM (CPU).`;
      }
    }
    adopt(await this.wasmModel(notice));
    return work();
  }

  private wasmModel(notice: string): Promise<Model> {
    this.switching ??= this.switchToWasm(notice);
    return this.switching;
  }

  private lostWithin(ms: number): Promise<LostInfo | null> {
    return new Promise((resolve) => {
      const listener = (info: LostInfo) => finish(info);
      const timer = setTimeout(() => finish(null), ms);
      const finish = (lost: LostInfo | null) => {
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(lost);
      };
      this.listeners.add(listener);
    });
  }

  /** A run on a lost device may never settle: the loss ends the wait. */
  private untilLost<T>(work: Promise<T>): Promise<T> {
    let listener: ((info: LostInfo) => void) | undefined;
    const lost = new Promise<never>((_, reject) => {
      listener = (info) => reject(new DeviceLostError(info));
      this.listeners.add(listener);
    });
    return Promise.race([work, lost]).finally(() => {
      if (listener) this.listeners.delete(listener);
    });
  }
}
