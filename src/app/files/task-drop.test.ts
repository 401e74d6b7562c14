import { describe, expect, it } from 'vitest';
import { planTaskDrop, sourcesAfter } from './task-drop';

const f = (path: string) => ({ path, file: new File(['x'], path) });
const none = { taskFiles: [], mediaFiles: [] };

describe('planTaskDrop', () => {
  it('sets the first tasks without asking', () => {
    const plan = planTaskDrop(
      none,
      { taskFiles: [], media: [f('a.png')] },
      { tasks: 0, results: 0 },
    );
    expect(plan).toEqual({ kind: 'apply', sources: { taskFiles: [], mediaFiles: [f('a.png')] } });
  });

  it('replaces tasks that imported nothing (a failed drop does not pile up)', () => {
    const current = { taskFiles: [], mediaFiles: [f('a.png')] };
    const plan = planTaskDrop(
      current,
      { taskFiles: [], media: [f('b.png')] },
      { tasks: 0, results: 0 },
    );
    expect(plan.kind === 'apply' && plan.sources.mediaFiles.map((m) => m.path)).toEqual(['b.png']);
  });

  it('asks before changing tasks in place, saying how many have results', () => {
    const current = { taskFiles: [], mediaFiles: [f('a.png'), f('b.png')] };
    const plan = planTaskDrop(
      current,
      { taskFiles: [], media: [f('c.png')] },
      { tasks: 2, results: 2 },
    );
    expect(plan).toMatchObject({
      kind: 'ask',
      pending: { tasksNow: 2, resultsNow: 2, mediaForTaskFiles: false },
    });
  });

  it('adds media that resolve the task files without asking, unless results would go', () => {
    const current = { taskFiles: [f('t.json')], mediaFiles: [] };
    const drop = { taskFiles: [], media: [f('a.png')] };
    const plan = planTaskDrop(current, drop, { tasks: 5, results: 0 });
    expect(plan.kind === 'apply' && plan.sources.taskFiles.map((m) => m.path)).toEqual(['t.json']);
    expect(planTaskDrop(current, drop, { tasks: 5, results: 3 })).toMatchObject({
      kind: 'ask',
      pending: { mediaForTaskFiles: true },
    });
  });
});

describe('sourcesAfter', () => {
  it('replaces, or adds without duplicates', () => {
    const current = { taskFiles: [f('t.json')], mediaFiles: [f('a.png')] };
    const drop = { taskFiles: [f('u.json')], media: [f('a.png'), f('b.png')] };
    const paths = (s: { taskFiles: { path: string }[]; mediaFiles: { path: string }[] }) => [
      s.taskFiles.map((x) => x.path),
      s.mediaFiles.map((x) => x.path),
    ];
    expect(paths(sourcesAfter(current, drop, 'replace'))).toEqual([['u.json'], ['a.png', 'b.png']]);
    expect(paths(sourcesAfter(current, drop, 'add'))).toEqual([
      ['t.json', 'u.json'],
      ['a.png', 'b.png'],
    ]);
  });
});
