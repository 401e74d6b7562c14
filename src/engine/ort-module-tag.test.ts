// Worker names carry the ORT module tag to the worker (why: ort-module-tag.ts).
import { describe, expect, it } from 'vitest';
import { engineWorkerName, tagOfWorkerName } from './ort-module-tag';

describe('worker names', () => {
  it('carry the tag to the worker', () => {
    expect(tagOfWorkerName(engineWorkerName('00ff00ff00ff00ff'))).toBe('00ff00ff00ff00ff');
  });

  it('give a worker without a tag a random one of its own', () => {
    const a = tagOfWorkerName(undefined);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(tagOfWorkerName('prelabel-engine')).not.toBe(a);
    expect(tagOfWorkerName('something else')).toMatch(/^[0-9a-f]{16}$/);
  });
});
