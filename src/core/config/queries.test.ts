import { describe, expect, it } from 'vitest';
import { parseLabelingConfig } from './parse';
import {
  controlsFor,
  controlsForKind,
  findControl,
  findObject,
  firstDataKey,
  labelNames,
  regionKindsOf,
  taxonomyPaths,
} from './queries';
import { CONTROL_TAGS } from './types';

const config = parseLabelingConfig(`<View>
  <Text name="caption" value="A fixed caption"/>
  <Image name="photo" value="$photo"/>
  <Image name="scan" value="$doc.scan"/>
  <RectangleLabels name="objects" toName="photo,scan">
    <Label value="Car" alias="car"/><Label value="Bus"/>
  </RectangleLabels>
  <Rectangle name="box" toName="scan"/>
  <Polygon name="poly" toName="scan"/>
  <BrushLabels name="mask" toName="photo"><Label value="Sky"/></BrushLabels>
  <Choices name="scene" toName="photo"><Choice value="Day"/><Choice value="Night"/></Choices>
  <Taxonomy name="tax" toName="photo">
    <Choice value="Animal"><Choice value="Cat"/><Choice value="Dog" alias="dog"/></Choice>
    <Choice value="Plant"/>
  </Taxonomy>
  <Taxonomy name="leaves" toName="photo" leafsOnly="true">
    <Choice value="Animal"><Choice value="Cat"/></Choice>
    <Choice value="Plant"/>
  </Taxonomy>
</View>`);

describe('config queries', () => {
  it('maps every control tag to the region kind of the brief', () => {
    const kinds = CONTROL_TAGS.map((tag) =>
      regionKindsOf({ ...config.controls[0]!, tag, resultType: tag.toLowerCase() }),
    );
    expect(Object.fromEntries(CONTROL_TAGS.map((t, i) => [t, kinds[i]]))).toEqual({
      RectangleLabels: ['rectangle'],
      Rectangle: ['rectangle'],
      PolygonLabels: ['polygon'],
      Polygon: ['polygon'],
      KeyPointLabels: ['keypoint'],
      KeyPoint: ['keypoint'],
      BrushLabels: ['mask'],
      Brush: ['mask'],
      EllipseLabels: ['ellipse'],
      Ellipse: ['ellipse'],
      Labels: ['span'],
      HyperTextLabels: ['span'],
      ParagraphLabels: ['span'],
      TimeSeriesLabels: ['span'],
      Choices: ['choices'],
      TextArea: ['text'],
      Taxonomy: ['taxonomy'],
      Rating: ['rating'],
      Number: ['number'],
      DateTime: ['datetime'],
      VideoRectangle: ['videorectangle'],
    });
  });

  it('finds controls by object and kind', () => {
    expect(controlsFor(config, 'scan', 'rectangle').map((c) => c.name)).toEqual(['objects', 'box']);
    expect(controlsFor(config, 'photo', 'rectangle').map((c) => c.name)).toEqual(['objects']);
    expect(controlsFor(config, 'photo', 'polygon')).toEqual([]);
    expect(controlsFor(config, 'caption', 'rectangle')).toEqual([]);
    expect(controlsForKind(config, 'mask').map((c) => c.name)).toEqual(['mask']);
    expect(controlsForKind(config, 'taxonomy').map((c) => c.name)).toEqual(['tax', 'leaves']);
  });

  it('finds tags by name', () => {
    expect(findControl(config, 'poly')?.tag).toBe('Polygon');
    expect(findControl(config, 'photo')).toBeUndefined();
    expect(findObject(config, 'scan')?.dataKey).toBe('doc.scan');
    expect(findObject(config, 'box')).toBeUndefined();
  });

  it('lists label names by alias or value, flattening taxonomies', () => {
    expect(labelNames(findControl(config, 'objects')!)).toEqual(['car', 'Bus']);
    expect(labelNames(findControl(config, 'box')!)).toEqual([]);
    expect(labelNames(findControl(config, 'tax')!)).toEqual(['Animal', 'Cat', 'dog', 'Plant']);
    expect(labelNames(findControl(config, 'leaves')!)).toEqual(['Cat', 'Plant']);
  });

  it('lists taxonomy paths as results carry them', () => {
    expect(taxonomyPaths(findControl(config, 'tax')!)).toEqual([
      ['Animal'],
      ['Animal', 'Cat'],
      ['Animal', 'dog'],
      ['Plant'],
    ]);
    expect(taxonomyPaths(findControl(config, 'leaves')!)).toEqual([['Animal', 'Cat'], ['Plant']]);
  });

  it('firstDataKey skips objects with literal values', () => {
    expect(firstDataKey(config)).toBe('photo');
    expect(firstDataKey(parseLabelingConfig('<View><Header value="x"/></View>'))).toBeUndefined();
  });
});
