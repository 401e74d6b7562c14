// Module tags: how many engine workers share one compiled ORT module (why: engine/ort-module-tag.ts).
import { describe, expect, it } from 'vitest';
import { WORKERS_PER_MODULE } from '../engine/ort-module-tag';
import { ModuleTags } from './module-tags';

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
