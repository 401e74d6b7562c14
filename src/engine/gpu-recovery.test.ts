import { describe, expect, it } from 'vitest';
import { GpuRecovery } from './gpu-recovery';

const flush = () => new Promise((r) => setTimeout(r, 0));

function fakeDevice() {
  let lose!: (info: { reason: string; message: string }) => void;
  const lost = new Promise<{ reason: string; message: string }>((r) => (lose = r));
  return { device: { lost }, lose };
}

function setUp() {
  const notices: string[] = [];
  const recovery = new GpuRecovery<string>(async (notice) => {
    notices.push(notice);
    return 'wasm';
  }, 50);
  let model = 'webgpu';
  const adopt = (m: string) => (model = m);
  return { recovery, notices, adopt, model: () => model };
}

describe('GpuRecovery', () => {
  it('leaves models on WASM alone: work runs once and its errors pass on', async () => {
    const { recovery, notices, adopt } = setUp();
    recovery.watch(undefined);
    let calls = 0;
    await expect(
      recovery.guard(() => {
        calls++;
        return Promise.reject(new Error('bad input'));
      }, adopt),
    ).rejects.toThrow('bad input');
    expect(calls).toBe(1);
    expect(notices).toEqual([]);
  });

  it('runs work as is while the device lives', async () => {
    const { recovery, notices, adopt, model } = setUp();
    recovery.watch(fakeDevice().device);
    await expect(recovery.guard(async () => `ran on ${model()}`, adopt)).resolves.toBe(
      'ran on webgpu',
    );
    expect(notices).toEqual([]);
  });

  it('moves to WASM when a run fails on WebGPU, and a task failing there too fails', async () => {
    const { recovery, notices, adopt, model } = setUp();
    recovery.watch(fakeDevice().device);
    const ranOn: string[] = [];
    const failing = () => {
      ranOn.push(model());
      return Promise.reject(new Error(`broken on ${model()}`));
    };
    await expect(recovery.guard(failing, adopt)).rejects.toThrow('broken on wasm');
    expect(ranOn).toEqual(['webgpu', 'wasm']);
    expect(notices).toEqual([
      'WebGPU failed during the run (broken on webgpu); continuing on WASM (CPU).',
    ]);
  });

  it('switches to WASM once when a run hangs on a lost device, and retries that run', async () => {
    const { recovery, notices, adopt, model } = setUp();
    const { device, lose } = fakeDevice();
    recovery.watch(device);
    let calls = 0;
    const work = () => {
      calls++;
      // On the lost device the run never settles; on WASM it answers.
      return model() === 'webgpu' ? new Promise<string>(() => undefined) : Promise.resolve('ok');
    };
    const first = recovery.guard(work, adopt);
    const second = recovery.guard(work, adopt);
    lose({ reason: 'unknown', message: 'GPU process crashed' });
    await expect(first).resolves.toBe('ok');
    await expect(second).resolves.toBe('ok');
    expect(model()).toBe('wasm');
    expect(calls).toBe(4);
    expect(notices).toEqual([
      'The GPU device was lost (unknown: GPU process crashed); continuing on WASM (CPU).',
    ]);
    // Later tasks go straight to the WASM model.
    await expect(recovery.guard(work, adopt)).resolves.toBe('ok');
    expect(calls).toBe(5);
    expect(notices).toHaveLength(1);
  });

  it('retries a run that failed because the device was lost', async () => {
    const { recovery, adopt, model } = setUp();
    const { device, lose } = fakeDevice();
    recovery.watch(device);
    lose({ reason: 'unknown', message: '' });
    await flush();
    const result = await recovery.guard(async () => {
      if (model() === 'webgpu') throw new Error('device lost');
      return 'ok';
    }, adopt);
    expect(result).toBe('ok');
  });

  it('names the loss when it is reported just after a run failed', async () => {
    const { recovery, adopt, model, notices } = setUp();
    const { device, lose } = fakeDevice();
    recovery.watch(device);
    const result = recovery.guard(async () => {
      if (model() !== 'webgpu') return 'ok';
      setTimeout(() => lose({ reason: 'unknown', message: '' }), 20);
      throw new Error('no GPU data for input');
    }, adopt);
    await expect(result).resolves.toBe('ok');
    expect(notices[0]).toMatch(/^The GPU device was lost \(unknown/);
  });

  it('ignores losses of a device it no longer watches (a new model was loaded)', async () => {
    const { recovery, notices, adopt } = setUp();
    const { device, lose } = fakeDevice();
    recovery.watch(device);
    recovery.watch(undefined);
    lose({ reason: 'unknown', message: '' });
    await flush();
    expect(recovery.lostInfo).toBeNull();
    await expect(recovery.guard(async () => 'ok', adopt)).resolves.toBe('ok');
    expect(notices).toEqual([]);
  });

  it('says why when the WASM reload fails', async () => {
    const recovery = new GpuRecovery<string>(() => Promise.reject(new Error('out of memory')));
    const { device, lose } = fakeDevice();
    recovery.watch(device);
    lose({ reason: 'unknown', message: '' });
    await flush();
    await expect(
      recovery.guard(
        async () => 'ok',
        () => undefined,
      ),
    ).rejects.toThrow('out of memory');
  });
});
