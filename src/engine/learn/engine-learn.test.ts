// "Train" in the worker's Engine on dropped Label Studio exports of every
// kind (JSON, JSON-MIN, CSV): the same annotations give the same version.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Engine } from '../engine';
import { SENTIMENT_CONFIG, reviewTasks } from './test-fixtures';

async function trainOn(name: string, text: string) {
  const engine = new Engine();
  expect((await engine.setConfig(SENTIMENT_CONFIG)).ok).toBe(true);
  await engine.setTaskSources({
    taskFiles: [{ file: new File([text], name), path: name }],
    mediaFiles: [],
  });
  const trained = await engine.learnTrain();
  // The head comes first; its quality estimate follows in the worker.
  expect(trained.version.qualityPending).toBe(true);
  const state = await engine.learnQuality();
  expect(state.versions[0]?.qualityPending).toBeUndefined();
  return { ...trained, version: state.versions[0]! };
}

/** JSON-MIN: one flat object per annotation, the control's name as a field. */
function jsonMin() {
  return reviewTasks(12, 8)
    .slice(0, 8)
    .map((t) => ({
      id: t.id,
      text: t.data.text,
      sentiment: (t.annotations?.[0] as { result: { value: { choices: string[] } }[] }).result[0]!
        .value.choices[0],
      annotator: 1,
      annotation_id: 1000 + (t.id as number),
      created_at: '2026-12-01T10:00:00Z',
      updated_at: '2026-12-01T10:00:00Z',
      lead_time: 3.2,
    }));
}

describe('Engine learnTrain on dropped exports', () => {
  it('says what is missing before anything is dropped (a fresh database)', async () => {
    const engine = new Engine();
    await expect(engine.learnTrain()).rejects.toThrow(/no valid labeling config/);
    await engine.setConfig(SENTIMENT_CONFIG);
    await expect(engine.learnTrain()).rejects.toThrow(/no tasks: drop a Label Studio export/);
    await expect(engine.learnExportHead()).rejects.toThrow(/no head yet/);
  });
  it('learns the same from JSON, JSON-MIN and CSV exports', async () => {
    const json = await trainOn('export.json', JSON.stringify(reviewTasks(12, 8)));
    const min = await trainOn('export-min.json', JSON.stringify(jsonMin()));
    const rows = jsonMin();
    const header = Object.keys(rows[0]!);
    const csv = [
      header.join(','),
      ...rows.map((r) =>
        header.map((k) => JSON.stringify(String(r[k as keyof typeof r]))).join(','),
      ),
    ].join('\n');
    const fromCsv = await trainOn('export.csv', csv);
    for (const result of [json, min, fromCsv]) {
      expect(result.version).toMatchObject({
        annotationCount: 8,
        modelVersion: 'text-tfidf-logreg@8-annotations',
        control: 'sentiment',
      });
    }
    expect(json.version.quality).toMatchObject({ method: 'leave-one-out', examples: 8 });
    expect(min.version.quality).toEqual(json.version.quality);
    expect(fromCsv.version.quality).toEqual(json.version.quality);
    expect(json.notes).toMatchObject({ tasks: 12, examples: 8, unannotatedTasks: 4 });
  });
});
