// Module tags: how many engine workers share one compiled ORT module (why: ort-module-tag.ts).
import { describe, expect, it } from 'vitest';
import {
  ModuleTags,
  WORKERS_PER_MODULE,
  engineWorkerName,
  tagOfWorkerName,
} from './ort-module-tag';

describe('ModuleTags', () => {
  it(`gives each tag to ${WORKERS_PER_MODULE} workers, then a new one`, () => {
    const tags = new ModuleTags();
    const given = Array.from({ length: 7 }, () => tags.next());
    expect(WORKERS_PER_MODULE).toBe(2);
    expect(given[0]).toBe(given[1]);
    expect(given[2]).toBe(given[3]);
    expect(given[4]).toBe(given[5]);
    expect(new Set(given).size).toBe(4);
    for (const tag of given) expect(tag).toMatch(/^[0-9a-f]{16}$/);
  });

  it('starts from a different tag in each page (a reload does not reuse the last module)', () => {
    expect(new ModuleTags().next()).not.toBe(new ModuleTags().next());
  });
});

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
