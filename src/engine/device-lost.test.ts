import { describe, expect, it } from 'vitest';
import { deviceLostNotice, watchDeviceLost, type LostInfo } from './device-lost';

const flush = () => new Promise((r) => setTimeout(r, 0));

function device() {
  let lose!: (info: { reason: string; message: string }) => void;
  const lost = new Promise<{ reason: string; message: string }>((r) => (lose = r));
  return { device: { lost }, lose };
}

describe('watchDeviceLost', () => {
  it('reports a lost device once, with a notice for the page', async () => {
    const { device: d, lose } = device();
    const seen: LostInfo[] = [];
    watchDeviceLost(Promise.resolve(d), (info) => seen.push(info));
    lose({ reason: 'unknown', message: 'GPU process crashed' });
    await flush();
    expect(seen).toEqual([{ reason: 'unknown', message: 'GPU process crashed' }]);
    expect(deviceLostNotice(seen[0]!)).toBe(
      'The GPU device was lost (unknown: GPU process crashed); continuing on WASM (CPU).',
    );
  });

  it('ignores a device we destroyed, and stops when asked', async () => {
    const a = device();
    const seen: LostInfo[] = [];
    watchDeviceLost(a.device, (info) => seen.push(info));
    a.lose({ reason: 'destroyed', message: '' });
    const b = device();
    const stop = watchDeviceLost(b.device, (info) => seen.push(info));
    stop();
    b.lose({ reason: 'unknown', message: '' });
    await flush();
    expect(seen).toEqual([]);
  });

  it('does nothing without a device (WASM sessions)', async () => {
    const seen: LostInfo[] = [];
    watchDeviceLost(undefined, (info) => seen.push(info));
    await flush();
    expect(seen).toEqual([]);
  });
});
