// Annotated text tasks for the online-learning tests (a Label Studio JSON
// export's shape): sentiment of short film reviews.
import type { LsTask } from '../../core/tasks/types';
import type { LsSession } from '../ls/session';
import type { LearnEngineHost } from './engine-learn';

export const SENTIMENT_CONFIG = `<View>
  <Text name="text" value="$text"/>
  <Choices name="sentiment" toName="text">
    <Choice value="Positive"/><Choice value="Negative"/><Choice value="Neutral"/>
  </Choices>
</View>`;

const GOOD = ['great', 'loved', 'wonderful', 'superb', 'lovely'];
const BAD = ['awful', 'hated', 'boring', 'dreadful', 'dull'];

export function choiceAnnotation(
  id: number,
  choices: string[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id,
    result: [
      {
        from_name: 'sentiment',
        to_name: 'text',
        type: 'choices',
        value: { choices },
      },
    ],
    created_at: '2026-12-01T10:00:00Z',
    updated_at: '2026-12-01T10:00:00Z',
    ...extra,
  };
}

/** `n` reviews, alternately good and bad; the first `annotated` carry an annotation. */
export function reviewTasks(n: number, annotated = n, firstId = 1): LsTask[] {
  const tasks: LsTask[] = [];
  for (let i = 0; i < n; i++) {
    const good = i % 2 === 0;
    const word = (good ? GOOD : BAD)[i % 5] as string;
    const id = firstId + i;
    tasks.push({
      id,
      data: { text: `a ${word} film, number ${i}` },
      annotations:
        i < annotated ? [choiceAnnotation(1000 + id, [good ? 'Positive' : 'Negative'])] : [],
    });
  }
  return tasks;
}

/** The engine's side of a learner that only watches `session` (no local tasks or config). */
export function watchHost(
  session: LsSession,
  more: Partial<LearnEngineHost> = {},
): LearnEngineHost {
  return {
    config: () => null,
    tasks: () => [],
    session: () => session,
    scope: () => 'local',
    release: () => undefined,
    ...more,
  };
}
