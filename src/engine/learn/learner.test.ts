// The worker's learner store on fake-indexeddb: versions with their
// annotation count and cross-validated quality, the current one, rollback,
// persistence across a reload, head files in and out, and the edge cases of
// issue 15 (a class with no examples, one example per class, a label renamed
// or removed in the config, empty and 1 MB texts, disagreeing annotations).
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { parseLabelingConfig } from '../../core/config';
import { predictText } from '../../learn';
import { Learner, NothingToLearnError } from './learner';
import { IdbVersionStore, MemoryVersionStore } from './version-store';
import { SENTIMENT_CONFIG, choiceAnnotation, reviewTasks } from './test-fixtures';

const config = parseLabelingConfig(SENTIMENT_CONFIG);
let dbCount = 0;
const dbName = () => `prelabel-learner-test-${++dbCount}`;

describe('Learner', () => {
  it('keeps each version with its count and quality, rolls back, and survives a reload', async () => {
    const name = dbName();
    const learner = new Learner(await IdbVersionStore.open(name));
    const first = await learner.train('local', { config, tasks: reviewTasks(12, 6) });
    expect(first.version).toMatchObject({
      id: 1,
      modelVersion: 'text-tfidf-logreg@6-annotations',
      annotationCount: 6,
      control: 'sentiment',
      labels: ['Positive', 'Negative', 'Neutral'],
      origin: 'trained',
      fileName: 'text-tfidf-logreg@6-annotations.json',
    });
    expect(first.version).toMatchObject({ qualityPending: true, quality: { accuracy: null } });
    expect(await learner.quality('local', 1)).toMatchObject({
      method: 'leave-one-out',
      examples: 6,
    });
    expect(first.notes).toMatchObject({ tasks: 12, examples: 6, unannotatedTasks: 6 });

    await learner.train('local', { config, tasks: reviewTasks(40, 30) });
    const secondQuality = await learner.quality('local', 2);
    expect(secondQuality).toMatchObject({ method: 'k-fold', folds: 5, examples: 30 });
    expect(secondQuality.accuracy).toBeGreaterThan(0.8);
    expect((await learner.state('local')).versions[1]?.quality).toEqual(secondQuality);
    expect((await learner.state('local')).currentId).toBe(2);

    await learner.rollback('local', 1);
    expect((await learner.current('local'))?.modelVersion).toBe(first.version.modelVersion);
    await expect(learner.rollback('local', 9)).rejects.toThrow(/no version 9/);
    // Another scope (a Label Studio project) has its own versions.
    expect((await learner.state('ls:http://x/|3')).versions).toEqual([]);

    // A reload: a new store on the same database sees the same versions and current one.
    const reloaded = new Learner(await IdbVersionStore.open(name));
    const state = await reloaded.state('local');
    expect(state.versions.map((v) => [v.id, v.annotationCount])).toEqual([
      [1, 6],
      [2, 30],
    ]);
    expect(state.currentId).toBe(1);
    expect(state.inMemory).toBe(false);
    const kept = await reloaded.version('local', 2);
    const head = reloaded.headOf(kept);
    expect(predictText(head, 'a superb and lovely film').probabilities[0]).toBeGreaterThan(0.5);
  });

  it('exports the exact head file and imports it (and a CLI-style one) as a new version', async () => {
    const learner = new Learner(new MemoryVersionStore());
    await learner.train('local', { config, tasks: reviewTasks(10) });
    const stored = await learner.version('local', 1);
    expect(stored.fileText.endsWith('}\n')).toBe(true);
    const imported = await learner.importHead('local', 'mine.json', stored.fileText, config);
    expect(imported).toMatchObject({
      id: 2,
      origin: 'imported',
      modelVersion: 'text-tfidf-logreg@10-annotations',
      control: 'sentiment',
      fileName: 'mine.json',
    });
    expect(imported.quality).toMatchObject({ method: 'none', reason: 'imported from mine.json' });
    expect((await learner.version('local', 2)).fileText).toBe(stored.fileText);

    await expect(learner.importHead('local', 'bad.json', '{"format": 1', config)).rejects.toThrow(
      /bad\.json is not valid JSON/,
    );
    await expect(learner.importHead('local', 'x.json', '{"a": 1}', config)).rejects.toThrow(
      /x\.json: not a Prelabel head file/,
    );
    const dense = { ...JSON.parse(stored.fileText), learner: 'dense-logreg' };
    dense.features = { kind: 'dense', dimension: 2, mean: '', scale: '' };
    await expect(
      learner.importHead('local', 'img.json', JSON.stringify(dense), config),
    ).rejects.toThrow(/img\.json is an image head.*no <Choices> on an <Image> with its labels/);
    expect((await learner.state('local')).versions).toHaveLength(2);
  });

  it('warm-starts a retrain from the current head and predicts like a cold one', async () => {
    const learner = new Learner(new MemoryVersionStore());
    const cold = new Learner(new MemoryVersionStore());
    await learner.train('local', { config, tasks: reviewTasks(30, 29) });
    await learner.train('local', { config, tasks: reviewTasks(30, 30) });
    await cold.train('local', { config, tasks: reviewTasks(30, 30) });
    const warmHead = learner.headOf(await learner.version('local', 2));
    const coldHead = cold.headOf(await cold.version('local', 1));
    for (const text of ['a dull film', 'loved it', 'number 3']) {
      const a = predictText(warmHead, text).probabilities;
      const b = predictText(coldHead, text).probabilities;
      a.forEach((p, i) => expect(p).toBeCloseTo(b[i] as number, 2));
    }
  });
});

describe('Learner, asked twice at once', () => {
  it('numbers concurrent trainings one after the other', async () => {
    const learner = new Learner(new MemoryVersionStore());
    const text = (
      await new Learner(new MemoryVersionStore()).train('s', { config, tasks: reviewTasks(4) })
    ).version;
    void text;
    const results = await Promise.all([
      learner.train('local', { config, tasks: reviewTasks(6) }),
      learner.train('local', { config, tasks: reviewTasks(8) }),
      learner.train('local', { config, tasks: reviewTasks(10) }),
    ]);
    expect(results.map((r) => [r.version.id, r.version.annotationCount])).toEqual([
      [1, 6],
      [2, 8],
      [3, 10],
    ]);
    expect((await learner.state('local')).versions.map((v) => v.id)).toEqual([1, 2, 3]);
  });
});

describe('Learner edge cases', () => {
  it('a class with no example yet gets probability 0; one example per class still trains', async () => {
    const learner = new Learner(new MemoryVersionStore());
    const { version } = await learner.train('local', { config, tasks: reviewTasks(2) });
    expect(version.annotationCount).toBe(2);
    // Leave-one-out over 2 examples: each fold saw one class only, so it is scored (and wrong).
    expect(await learner.quality('local', 1)).toMatchObject({
      method: 'leave-one-out',
      examples: 2,
      accuracy: 0,
    });
    const head = learner.headOf(await learner.version('local', 1));
    const p = predictText(head, 'a great film').probabilities;
    expect(p[2]).toBe(0); // Neutral: no example yet
    expect((p[0] as number) + (p[1] as number)).toBeCloseTo(1, 6);
  });

  it('one annotation: a constant head, quality "none" saying 2 are needed', async () => {
    const learner = new Learner(new MemoryVersionStore());
    await learner.train('local', { config, tasks: reviewTasks(3, 1) });
    expect(await learner.quality('local', 1)).toMatchObject({
      method: 'none',
      reason: expect.stringMatching(/2/),
    });
    const head = learner.headOf(await learner.version('local', 1));
    expect(predictText(head, 'anything').probabilities).toEqual([1, 0, 0]);
  });

  it('a label renamed or removed in the config: those annotations are named, the rest learnt', async () => {
    const renamed = parseLabelingConfig(
      SENTIMENT_CONFIG.replace('"Negative"', '"Bad"').replace('<Choice value="Neutral"/>', ''),
    );
    const learner = new Learner(new MemoryVersionStore());
    const { version, notes } = await learner.train('local', {
      config: renamed,
      tasks: reviewTasks(10),
    });
    expect(version.labels).toEqual(['Positive', 'Bad']);
    expect(version.annotationCount).toBe(5);
    expect(notes.problemCount).toBe(5);
    expect(notes.problems[0]).toMatch(
      /task 2 \(id 2\): label "Negative" is not a choice of <Choices name="sentiment"> \(renamed or removed/,
    );
    // A later retrain under the old labels does not warm-start from the renamed head (labels differ).
    const again = await learner.train('local', { config, tasks: reviewTasks(10) });
    expect(again.version.labels).toEqual(['Positive', 'Negative', 'Neutral']);
  });

  it('nothing usable: a clear error with the notes, no version added', async () => {
    const learner = new Learner(new MemoryVersionStore());
    const error = await learner
      .train('local', { config, tasks: reviewTasks(4, 0) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NothingToLearnError);
    expect((error as Error).message).toMatch(/no usable annotation for <Choices name="sentiment">/);
    expect((error as NothingToLearnError).notes.unannotatedTasks).toBe(4);
    const noChoices = parseLabelingConfig('<View><Text name="t" value="$text"/></View>');
    await expect(
      learner.train('local', { config: noChoices, tasks: reviewTasks(2) }),
    ).rejects.toThrow(/no <Choices> on a <Text> or <HyperText>/);
    expect((await learner.state('local')).versions).toEqual([]);
  });

  it('learns from empty and 1 MB texts', async () => {
    const tasks = reviewTasks(8);
    tasks.push({ id: 50, data: { text: '' }, annotations: [choiceAnnotation(50, ['Neutral'])] });
    const big = 'lorem ipsum dolor sit amet '.repeat(40_000); // ~1 MB
    expect(big.length).toBeGreaterThan(1_000_000);
    tasks.push({ id: 51, data: { text: big }, annotations: [choiceAnnotation(51, ['Neutral'])] });
    const learner = new Learner(new MemoryVersionStore());
    const { version } = await learner.train('local', { config, tasks });
    expect(version.annotationCount).toBe(10);
    const head = learner.headOf(await learner.version('local', 1));
    for (const text of ['', big]) {
      const p = predictText(head, text).probabilities;
      expect(p.every(Number.isFinite)).toBe(true);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    }
    expect(predictText(head, big).probabilities[2]).toBeGreaterThan(0.5);
  });

  it('disagreeing annotations: counted, and the ground truth (else the newest) is learnt', async () => {
    const tasks = reviewTasks(6);
    tasks.push({
      id: 60,
      data: { text: 'a film about nothing' },
      annotations: [
        choiceAnnotation(601, ['Positive'], { updated_at: '2026-12-02T10:00:00Z' }),
        choiceAnnotation(602, ['Neutral'], { updated_at: '2026-12-03T10:00:00Z' }),
      ],
    });
    tasks.push({
      id: 61,
      data: { text: 'a film about something' },
      annotations: [
        choiceAnnotation(611, ['Negative'], { ground_truth: true }),
        choiceAnnotation(612, ['Neutral'], { updated_at: '2026-12-09T10:00:00Z' }),
      ],
    });
    const learner = new Learner(new MemoryVersionStore());
    const { version, notes } = await learner.train('local', { config, tasks });
    expect(notes.conflictingTasks).toBe(2);
    expect(version.annotationCount).toBe(8);
    const head = learner.headOf(await learner.version('local', 1));
    // Neutral was learnt (task 60's newest) from one example: it has a probability.
    expect(predictText(head, 'a film about nothing').probabilities[2]).toBeGreaterThan(0);
  });
});
