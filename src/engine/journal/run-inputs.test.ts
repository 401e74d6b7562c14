import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { MAX_KEPT_MEDIA_BYTES, RunInputsStore, keptInputs, type RunInputs } from './run-inputs';

const file = (name: string, body = 'x') => new File([body], name);

function inputs(over: Partial<RunInputs> = {}): RunInputs {
  return {
    configXml: '<View/>',
    taskFiles: [{ path: 'tasks.json', file: file('tasks.json', '[{"image":"a.png"}]') }],
    mediaFiles: [{ path: 'a.png', file: file('a.png') }],
    modelSource: { kind: 'file', file: file('m.onnx', 'onnx bytes') },
    labelsFile: null,
    familyId: '',
    sourceFamilyId: '',
    ...over,
  };
}

describe('run inputs kept beside the journal', () => {
  it('keeps config, task files, model bytes and small media; restores them after a reopen', async () => {
    const store = await RunInputsStore.open('inputs-a');
    await store.save(inputs(), 1);
    await store.noteProgress({ done: 1, total: 4, failed: 0 });
    store.close();

    const again = await RunInputsStore.open('inputs-a');
    const saved = await again.load();
    expect(saved?.configXml).toBe('<View/>');
    expect(await saved?.taskFiles[0]?.file.text()).toBe('[{"image":"a.png"}]');
    expect(saved?.modelSource?.kind).toBe('file');
    expect(saved?.modelName).toBe('m.onnx');
    expect(saved?.mediaNotKept).toEqual([]);
    expect(saved?.progress).toMatchObject({ done: 1, total: 4, failed: 0 });
    await again.clear();
    expect(await again.load()).toBeNull();
    again.close();
  });

  it('lists media over the limit by name instead of keeping them', () => {
    const big = { size: MAX_KEPT_MEDIA_BYTES + 1, name: 'big.jpg' } as File;
    const kept = keptInputs(inputs({ mediaFiles: [{ path: 'photos/big.jpg', file: big }] }), 1);
    expect(kept.mediaFiles).toEqual([]);
    expect(kept.mediaNotKept).toEqual(['photos/big.jpg']);
  });
});
