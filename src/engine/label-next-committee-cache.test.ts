// Label next keeps its last committee: a second Rank with the same
// annotations, size, seed (and backbone) trains nothing; a changed
// annotation, size, seed or backbone trains again. Trainings are counted
// through injected trainers that wrap the real ones.
import { describe, expect, it } from 'vitest';
import { parseLabelingConfig } from '../core/config';
import type { LsTask } from '../core/tasks/types';
import type { ImageFeaturesOf } from '../learn';
import {
  LabelNextCommittees,
  trainImageLabelNextCommittee,
  trainLabelNextCommittee,
  type CommitteeHost,
} from './label-next-committee';
import { choiceAnnotation, reviewTasks, SENTIMENT_CONFIG } from './learn/test-fixtures';

function counted() {
  const trained = { text: 0, image: 0 };
  const committees = new LabelNextCommittees({
    text: (...args) => {
      trained.text++;
      return trainLabelNextCommittee(...args);
    },
    image: (...args) => {
      trained.image++;
      return trainImageLabelNextCommittee(...args);
    },
  });
  return { committees, trained };
}

describe('Label next keeps its committee', () => {
  const config = parseLabelingConfig(SENTIMENT_CONFIG);

  it('trains text heads again only when what they learnt from changes', async () => {
    let tasks: LsTask[] = reviewTasks(16, 10);
    const host: CommitteeHost = {
      annotatedTasks: async () => ({ config, tasks }),
      tasks: () => tasks,
      textOf: (i) => (tasks[i]?.data as { text: string }).text,
      imageFeatures: () => null,
    };
    const { committees, trained } = counted();
    const unlabelled = [10, 11, 12, 13, 14, 15];
    const first = await committees.get(host, { seed: 1 });
    const before = await first.probabilities(unlabelled);
    expect(trained.text).toBe(1);

    // Rank again, nothing changed (the tasks read again are new objects): no training.
    tasks = structuredClone(tasks);
    const second = await committees.get(host, { seed: 1 });
    expect(trained.text).toBe(1);
    expect(await second.probabilities(unlabelled)).toEqual(before);

    // One annotation changed (relabelled and saved again): trained again, and it shows.
    tasks = structuredClone(tasks);
    tasks[0]!.annotations = [
      choiceAnnotation(1001, ['Negative'], { updated_at: '2026-12-02T10:00:00Z' }),
    ];
    const third = await committees.get(host, { seed: 1 });
    expect(trained.text).toBe(2);
    expect(await third.probabilities(unlabelled)).not.toEqual(before);
    await committees.get(host, { seed: 1 });
    expect(trained.text).toBe(2);

    // Only its updated_at changed (saved again with the same label): trained again.
    tasks = structuredClone(tasks);
    tasks[0]!.annotations = [
      choiceAnnotation(1001, ['Negative'], { updated_at: '2026-12-03T10:00:00Z' }),
    ];
    await committees.get(host, { seed: 1 });
    expect(trained.text).toBe(3);

    // A new annotation on an unlabelled task: trained again.
    tasks = structuredClone(tasks);
    tasks[12]!.annotations = [choiceAnnotation(1013, ['Positive'])];
    const fourth = await committees.get(host, { seed: 1 });
    expect(trained.text).toBe(4);
    expect(fourth.annotated.has('13')).toBe(true);

    // Another size or seed: trained again; back to the last one: kept.
    await committees.get(host, { seed: 1, size: 6 });
    expect(trained.text).toBe(5);
    await committees.get(host, { seed: 2, size: 6 });
    expect(trained.text).toBe(6);
    await committees.get(host, { seed: 2, size: 6 });
    expect(trained.text).toBe(6);

    // A refusal is not kept: the next Rank tries again.
    tasks = reviewTasks(4, 1);
    await expect(committees.get(host, { seed: 2, size: 6 })).rejects.toThrow(
      /committee needs annotated tasks/,
    );
    await expect(committees.get(host, { seed: 2, size: 6 })).rejects.toThrow(
      /committee needs annotated tasks/,
    );
    expect(trained.text).toBe(8);

    // clear() (new tasks dropped) forgets it.
    tasks = reviewTasks(16, 10);
    await committees.get(host);
    committees.clear();
    await committees.get(host);
    expect(trained.text).toBe(10);
  });

  it('trains dense heads again when the backbone changes, not on every Rank', async () => {
    const imageConfig = parseLabelingConfig(
      `<View><Image name="image" value="$image"/><Choices name="kind" toName="image"><Choice value="a"/><Choice value="b"/></Choices></View>`,
    );
    const tasks: LsTask[] = Array.from({ length: 10 }, (_, i) => ({
      id: i + 1,
      data: { image: `photo-${i}.jpg` },
      annotations:
        i < 6
          ? [
              {
                id: 500 + i,
                result: [
                  {
                    from_name: 'kind',
                    to_name: 'image',
                    type: 'choices',
                    value: { choices: [i % 2 ? 'b' : 'a'] },
                  },
                ],
              },
            ]
          : [],
    }));
    // Made-up features: photo i lies at (i mod 2, i / 10).
    const read: string[] = [];
    const of: ImageFeaturesOf = async (references) =>
      references.map((r) => {
        read.push(r);
        const i = Number(/\d+/.exec(r)![0]);
        return [i % 2, i / 10];
      });
    let backbone = 'sha-one';
    const host: CommitteeHost = {
      annotatedTasks: async () => ({ config: imageConfig, tasks }),
      tasks: () => tasks,
      imageFeatures: () => ({ sha256: backbone, of }),
    };
    const { committees, trained } = counted();
    const first = await committees.get(host);
    expect(first).toMatchObject({ learnt: 6, members: 5 });
    expect(await first.probabilities([6, 7])).toHaveLength(2);
    await committees.get(host);
    expect(trained.image).toBe(1);
    backbone = 'sha-two';
    await committees.get(host);
    expect(trained.image).toBe(2);
    expect(trained.text).toBe(0);
  });
});
