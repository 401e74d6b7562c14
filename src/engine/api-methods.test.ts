import { describe, expect, it } from 'vitest';
import type { EngineApi } from './api';
import { ENGINE_METHODS, engineApiOf } from './api-methods';

describe('engineApiOf', () => {
  it("exposes the listed methods, bound to the engine, and none of the engine's other members", async () => {
    class FakeEngine {
      readonly name = 'engine';
      benchTarget() {
        return 'internal';
      }
    }
    const engine = new FakeEngine() as unknown as Record<string, unknown>;
    for (const method of ENGINE_METHODS) {
      engine[method] = function (this: { name: string }) {
        return Promise.resolve(`${this.name}.${method}`);
      };
    }
    const api = engineApiOf(engine as unknown as EngineApi);
    expect(Object.keys(api).sort()).toEqual([...ENGINE_METHODS].sort());
    expect('benchTarget' in api).toBe(false);
    const { setConfig } = api; // detached, as comlink calls it
    await expect(setConfig('<View/>')).resolves.toBe('engine.setConfig');
  });
});
