// The one task score on text predictions: every prediction carries one, a
// text where nothing was found included (lower = label sooner).
import { describe, expect, it } from 'vitest';
import { parseLabelingConfig } from '../../core/config';
import { openBuiltinPackage } from './open-package';
import { predictTextTask, textTargetOf } from './predict-text';

const CONFIG = parseLabelingConfig(`<View>
  <Text name="text" value="$text"/>
  <Labels name="ner" toName="text">
    <Label value="PER" predicted_values="Person"/><Label value="LOC" predicted_values="Place"/>
  </Labels>
</View>`);

async function scoreOf(text: string): Promise<number | undefined> {
  const model = (await openBuiltinPackage('builtin-entities'))!;
  const target = textTargetOf(model, CONFIG);
  const { prediction } = await predictTextTask(
    model,
    { index: 0, data: { text } },
    { config: CONFIG, target, modelVersion: 'tagger@test' },
  );
  return prediction.score;
}

describe('predictTextTask: the task score', () => {
  it('a text with nothing to tag is certain-empty (1), not unscored', async () => {
    expect(await scoreOf('nothing here to tag at all')).toBe(1);
  });

  it('a text with spans scores their mean confidence, within [0, 1]', async () => {
    const score = await scoreOf('Barack Obama visited Paris.');
    expect(score).toBeGreaterThan(0);
    expect(score).toBeLessThanOrEqual(1);
  });
});
