// The server panel's store slice over a stand-in engine: the token field is
// emptied once the worker has it, errors stay classified, a load hands the
// project to the rest of the page, pushes report progress and results.

import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import type { TaskSummary } from '../engine/api';
import type { LsEngineApi } from '../engine/ls/api';
import type { LsLoadedProject, LsPushResult } from '../engine/ls/types';
import { createLsSlice, lsBlockers, type LsHost, type LsSlice } from './ls-slice';

const LOADED: LsLoadedProject = {
  project: { id: 3, title: 'Cats' },
  labelConfig: '<View/>',
  taskCount: 2,
  tasksLoaded: true,
  skippedAnnotated: 0,
  droppedOtherProject: 0,
  skippedPredicted: 0,
};

const RESULT: LsPushResult = {
  dryRun: false,
  summary: { total: 2, sent: 1, skipped: 0, failed: 1, invalid: 0, wouldSend: 0 },
  modelVersions: ['m@1'],
  attachEndpoint: 'import-predictions',
  reasons: [],
  preview: [],
  retryable: 1,
  retried: false,
  journalInMemory: false,
};

function fakeEngine(calls: string[]): LsEngineApi {
  return {
    async lsConnect(request) {
      calls.push(`connect ${request.url} ${request.token} ${request.remember}`);
      if (request.token === 'bad') {
        return { ok: false, error: { kind: 'unauthorized', message: 'token refused' } };
      }
      return {
        ok: true,
        connection: {
          server: 'http://ls/',
          version: '1.13',
          user: { id: 1, name: 'Ann' },
          tokenKind: 'legacy',
          remembered: request.remember,
        },
      };
    },
    async lsDisconnect() {
      calls.push('disconnect');
    },
    async lsSavedConnections() {
      return [];
    },
    async lsForget(server) {
      calls.push(`forget ${server}`);
    },
    async lsListProjects() {
      return { ok: true, projects: [{ id: 3, title: 'Cats' }] };
    },
    async lsLoadProject(id, options, onProgress) {
      calls.push(`load ${id} ${JSON.stringify(options)}`);
      onProgress?.({
        phase: 'tasks',
        received: 1,
        kept: 1,
        skippedAnnotated: 0,
        droppedOtherProject: 0,
        skippedPredicted: 0,
      });
      const tasks: TaskSummary = { total: 2, issues: [], fromMedia: false };
      return { ok: true, project: LOADED, tasks };
    },
    async lsPush(request, onProgress) {
      calls.push(`push ${request.dryRun}`);
      onProgress?.({ ...RESULT.summary, phase: 'sending', done: 1 });
      return RESULT;
    },
    async lsRetryFailed(request) {
      calls.push(`retry ${request.dryRun}`);
      return {
        ...RESULT,
        summary: { ...RESULT.summary, sent: 2, failed: 0 },
        retryable: 0,
        retried: true,
      };
    },
    async lsCancel(opId) {
      calls.push(`cancel ${opId}`);
    },
    async lsReport() {
      return { blob: new Blob(['{}']), fileName: 'r.json' };
    },
  };
}

function setup(blockers: { load?: string; push?: string } = {}) {
  const calls: string[] = [];
  const loadedInto: unknown[] = [];
  const downloads: string[] = [];
  const engine = fakeEngine(calls);
  const host: LsHost = {
    engine: () => engine,
    loadBlocker: () => blockers.load ?? null,
    pushBlocker: () => blockers.push ?? null,
    projectLoaded: (project, tasks) => void loadedInto.push([project.project.id, tasks?.total]),
    download: (_blob, name) => void downloads.push(name),
  };
  const store = createStore<LsSlice>()((set, get) => createLsSlice(set, get, host));
  return { store, calls, loadedInto, downloads };
}

describe('ls slice', () => {
  it('connects, empties the token field, lists projects and picks the only one', async () => {
    const { store, calls } = setup();
    store.getState().lsSet({ url: 'http://ls', token: 'secret-token', remember: false });
    await store.getState().lsConnect();
    const ls = store.getState().ls;
    expect(calls[0]).toBe('connect http://ls secret-token false');
    expect(ls.token).toBe('');
    expect(ls.connection?.user.name).toBe('Ann');
    expect(ls.projects).toEqual([{ id: 3, title: 'Cats' }]);
    expect(ls.projectId).toBe(3);
    expect(ls.connecting).toBe(false);
  });

  it('clears an earlier error on the next attempt, and when the address or token changes', async () => {
    const { store } = setup();
    store.getState().lsSet({ url: 'http://ls', token: 'bad' });
    await store.getState().lsConnect();
    expect(store.getState().ls.connectError).not.toBeNull();
    store.getState().lsSet({ remember: true });
    expect(store.getState().ls.connectError).not.toBeNull();
    store.getState().lsSet({ token: 'secret-token' });
    expect(store.getState().ls.connectError).toBeNull();

    store.getState().lsSet({ token: 'bad' });
    await store.getState().lsConnect();
    store.setState((s) => ({ ls: { ...s.ls, loadError: { kind: 'rejected', message: 'old' } } }));
    store.getState().lsSet({ token: 'secret-token' });
    await store.getState().lsConnect();
    expect(store.getState().ls.connectError).toBeNull();
    expect(store.getState().ls.loadError).toBeNull();
    expect(store.getState().ls.connection?.user.name).toBe('Ann');
  });

  it('keeps a refused connection classified, and the token typed', async () => {
    const { store } = setup();
    store.getState().lsSet({ url: 'http://ls', token: 'bad' });
    await store.getState().lsConnect();
    const ls = store.getState().ls;
    expect(ls.connection).toBeNull();
    expect(ls.connectError).toEqual({ kind: 'unauthorized', message: 'token refused' });
    expect(ls.token).toBe('bad');
  });

  it('loads the chosen project with the options and hands it to the page', async () => {
    const { store, calls, loadedInto } = setup();
    store.getState().lsSet({ url: 'http://ls', token: 't' });
    await store.getState().lsConnect();
    store.getState().lsSet({ skipPredicted: true, skipModelVersion: ' m@1 ', pageSize: 50 });
    await store.getState().lsLoadProject();
    expect(calls.at(-1)).toBe(
      'load 3 {"pageSize":50,"skipAnnotated":false,"configOnly":false,"opId":"ls-load","skipExistingModelVersion":"m@1"}',
    );
    expect(loadedInto).toEqual([[3, 2]]);
    expect(store.getState().ls.loaded).toEqual(LOADED);
    expect(store.getState().ls.loading).toBeNull();
  });

  it('after an engine restart connects again as before and takes the config again (tasks stay); not after a disconnect', async () => {
    const blockers: { load?: string } = {};
    const { store, calls, loadedInto } = setup(blockers);
    store.getState().lsSet({ url: 'http://ls', token: 'secret-token' });
    await store.getState().lsConnect();
    expect(await store.getState().lsReconnect()).toBe('no Label Studio project was loaded');
    await store.getState().lsLoadProject();
    blockers.load = 'a run is in progress';
    store.getState().lsEngineRestarted();
    expect(store.getState().ls.connection).toBeNull();
    calls.length = 0;
    // A run resumed by the new worker does not block taking the config again.
    expect(await store.getState().lsReconnect()).toBeNull();
    expect(calls).toEqual([
      'connect http://ls secret-token false',
      'load 3 {"configOnly":true,"opId":"ls-load"}',
    ]);
    expect(store.getState().ls.token).toBe('');
    expect(store.getState().ls.connection?.user.name).toBe('Ann');
    expect(store.getState().ls.loaded).toEqual(LOADED);
    expect(loadedInto.at(-1)).toEqual([3, undefined]);
    await store.getState().lsDisconnect();
    expect(await store.getState().lsReconnect()).toBe('no Label Studio project was loaded');
  });

  it('does not load during a run, and does not push before one', async () => {
    const { store, calls } = setup({ load: 'a run is in progress', push: 'run the model first' });
    store.getState().lsSet({ url: 'http://ls', token: 't' });
    await store.getState().lsConnect();
    await store.getState().lsLoadProject();
    expect(store.getState().ls.loadError?.message).toBe('a run is in progress');
    await store.getState().lsPush();
    expect(store.getState().ls.pushError).toBe('run the model first');
    expect(calls.some((c) => c.startsWith('load') || c.startsWith('push'))).toBe(false);
  });

  it('pushes (dry run when ticked), retries, downloads the report', async () => {
    const { store, calls, downloads } = setup();
    store.getState().lsSet({ dryRun: true });
    await store.getState().lsPush();
    store.getState().lsSet({ dryRun: false });
    await store.getState().lsPush();
    expect(calls).toEqual(['push true', 'push false']);
    expect(store.getState().ls.pushResult?.retryable).toBe(1);
    await store.getState().lsRetryFailed();
    expect(calls.at(-1)).toBe('retry false');
    expect(store.getState().ls.pushResult).toMatchObject({ retried: true, summary: { failed: 0 } });
    await store.getState().lsDownloadReport();
    expect(downloads).toEqual(['r.json']);
  });
});

describe('lsBlockers', () => {
  it('blocks loading during a run and pushing until one has finished', () => {
    expect(lsBlockers('running')).toEqual({
      load: expect.stringMatching(/in progress/),
      push: expect.stringMatching(/finish/),
    });
    expect(lsBlockers('idle')).toEqual({
      load: null,
      push: expect.stringMatching(/Run the model/),
    });
    expect(lsBlockers('done')).toEqual({ load: null, push: null });
    expect(lsBlockers('cancelled').push).toBeNull();
  });
});
