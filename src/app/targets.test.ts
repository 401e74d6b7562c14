import { describe, expect, it } from 'vitest';
import { parseLabelingConfig } from '../core/config';
import { boxTargets } from './targets';

describe('boxTargets', () => {
  it('lists every rectangle control per image object, skipping other controls', () => {
    const config = parseLabelingConfig(`
      <View>
        <Image name="front" value="$front"/>
        <Image name="back" value="$back"/>
        <RectangleLabels name="objects" toName="front,back">
          <Label value="Car"/>
        </RectangleLabels>
        <Rectangle name="boxes" toName="back"/>
        <PolygonLabels name="poly" toName="front"><Label value="Car"/></PolygonLabels>
        <Choices name="weather" toName="front"><Choice value="Sunny"/></Choices>
      </View>`);
    const targets = boxTargets(config).map(({ key, fromName, toName, dataKey }) => ({
      key,
      fromName,
      toName,
      dataKey,
    }));
    expect(targets).toEqual([
      { key: 'objects→front', fromName: 'objects', toName: 'front', dataKey: 'front' },
      { key: 'objects→back', fromName: 'objects', toName: 'back', dataKey: 'back' },
      { key: 'boxes→back', fromName: 'boxes', toName: 'back', dataKey: 'back' },
    ]);
  });

  it('finds nothing for a text-only config', () => {
    const config = parseLabelingConfig(`
      <View><Text name="t" value="$text"/>
        <Labels name="ner" toName="t"><Label value="PER"/></Labels></View>`);
    expect(boxTargets(config)).toEqual([]);
  });
});
