import { describe, expect, it } from 'vitest';
import { parseLabelingConfig } from './parse';
import type { LabelDef } from './types';

// Configs shaped like Label Studio's own templates (Computer Vision, NLP,
// Audio, Conversational AI groups), with the attribute spellings they use.

describe('parseLabelingConfig on template-style configs', () => {
  it('reads an image bounding-box config', () => {
    const config = parseLabelingConfig(`<View>
  <Image name="image" value="$image" zoom="true"/>
  <RectangleLabels name="label" toName="image">
    <Label value="Airplane" background="green"/>
    <Label value="Car" background="blue"/>
  </RectangleLabels>
</View>`);
    expect(config.objects).toHaveLength(1);
    expect(config.objects[0]).toMatchObject({
      tag: 'Image',
      name: 'image',
      dataKey: 'image',
      valueList: false,
      pos: { line: 2, column: 3 },
    });
    const [control] = config.controls;
    expect(control).toMatchObject({
      tag: 'RectangleLabels',
      name: 'label',
      resultType: 'rectanglelabels',
      toName: ['image'],
      multiple: false,
      perRegion: false,
      pos: { line: 3, column: 3 },
    });
    expect(control?.labels.map((l) => [l.name, l.background])).toEqual([
      ['Airplane', 'green'],
      ['Car', 'blue'],
    ]);
    expect(control?.labels[1]?.pos).toEqual({ line: 5, column: 5 });
    expect(config.warnings).toEqual([]);
  });

  it('reads an OCR layout: Rectangle + Polygon + Labels + per-region TextArea on one image', () => {
    const config = parseLabelingConfig(`<View>
  <Image name="image" value="$ocr"/>
  <Labels name="label" toName="image">
    <Label value="Text" background="green"/>
    <Label value="Handwriting" background="blue"/>
  </Labels>
  <Rectangle name="bbox" toName="image" strokeWidth="3"/>
  <Polygon name="poly" toName="image" strokeWidth="3"/>
  <TextArea name="transcription" toName="image"
            editable="true"
            perRegion="true"
            required="true"
            maxSubmissions="1"
            rows="5"
            placeholder="Recognized Text"
            displayMode="region-list"/>
</View>`);
    expect(config.controls.map((c) => [c.tag, c.name, c.resultType])).toEqual([
      ['Labels', 'label', 'labels'],
      ['Rectangle', 'bbox', 'rectangle'],
      ['Polygon', 'poly', 'polygon'],
      ['TextArea', 'transcription', 'textarea'],
    ]);
    const textarea = config.controls[3];
    expect(textarea?.perRegion).toBe(true);
    expect(textarea?.labels).toEqual([]);
    // Attribute keys are lower-cased, as Label Studio reads them.
    expect(textarea?.attrs.displaymode).toBe('region-list');
    expect(config.controls.every((c) => c.toName.join() === 'image')).toBe(true);
  });

  it('reads NER on Text with aliases and predicted_values', () => {
    const config = parseLabelingConfig(`<View>
  <Labels name="ner" toName="text" choice="multiple">
    <Label value="Person" alias="PER" predicted_values="person, people ,human"/>
    <Label value="Organization" predicted_values="org"/>
    <Label value="Date" alias=""/>
  </Labels>
  <Text name="text" value="$text" granularity="word"/>
</View>`);
    const [ner] = config.controls;
    expect(ner?.multiple).toBe(true);
    expect(ner?.labels).toEqual([
      expect.objectContaining({
        name: 'PER',
        value: 'Person',
        alias: 'PER',
        predictedValues: ['person', 'people', 'human'],
      }),
      expect.objectContaining({ name: 'Organization', predictedValues: ['org'] }),
      // An empty alias does not rename the label.
      expect.objectContaining({ name: 'Date', value: 'Date', predictedValues: [] }),
    ]);
    expect(ner?.labels[2]).not.toHaveProperty('alias');
    expect(config.objects[0]).toMatchObject({ tag: 'Text', dataKey: 'text' });
  });

  it('reads audio segmentation on AudioPlus', () => {
    const config = parseLabelingConfig(`<View>
  <Labels name="speaker" toName="audio" zoom="true" hotkey="ctrl+enter">
    <Label value="Speaker one" background="#00FF00"/>
    <Label value="Speaker two" background="#12ad59"/>
  </Labels>
  <AudioPlus name="audio" value="$audio"/>
</View>`);
    expect(config.objects[0]).toMatchObject({ tag: 'AudioPlus', name: 'audio', dataKey: 'audio' });
    expect(config.controls[0]?.labels.map((l) => l.name)).toEqual(['Speaker one', 'Speaker two']);
  });

  it('reads a Taxonomy tree of nested Choices', () => {
    const config = parseLabelingConfig(`<View>
  <Taxonomy name="media" toName="text" leafsOnly="true">
    <Choice value="Online">
      <Choice value="UGC"/>
      <Choice value="Paywall" alias="paid">
        <Choice value="NY Times"/>
      </Choice>
    </Choice>
    <Choice value="Offline"/>
  </Taxonomy>
  <Text name="text" value="$text"/>
</View>`);
    const [tax] = config.controls;
    expect(tax?.resultType).toBe('taxonomy');
    // Taxonomy allows several selections unless maxUsages="1".
    expect(tax?.multiple).toBe(true);
    const tree = (labels: LabelDef[]): unknown =>
      labels.map((l) => (l.children.length ? { [l.name]: tree(l.children) } : l.name));
    expect(tree(tax?.labels ?? [])).toEqual([
      { Online: ['UGC', { paid: ['NY Times'] }] },
      'Offline',
    ]);
  });

  it('a Taxonomy with maxUsages="1" is single-choice', () => {
    const config = parseLabelingConfig(
      '<View><Text name="t" value="$t"/><Taxonomy name="x" toName="t" maxUsages="1"><Choice value="a"/></Taxonomy></View>',
    );
    expect(config.controls[0]?.multiple).toBe(false);
  });

  it('gives labels to the nearest enclosing control through nested Views', () => {
    const config = parseLabelingConfig(`<View style="display: flex;">
  <View style="flex: 50%">
    <Image name="img" value="$image"/>
  </View>
  <View>
    <Choices name="quality" toName="img" choice="multiple">
      <View style="padding: 4px">
        <Header value="Pick all that apply"/>
        <Choice value="Blurry"/>
        <View><Choice value="Dark"/></View>
      </View>
    </Choices>
    <RectangleLabels name="boxes" toName="img">
      <View><Label value="Cat"/></View>
    </RectangleLabels>
  </View>
</View>`);
    const [quality, boxes] = config.controls;
    expect(quality?.multiple).toBe(true);
    expect(quality?.labels.map((l) => l.name)).toEqual(['Blurry', 'Dark']);
    expect(boxes?.labels.map((l) => l.name)).toEqual(['Cat']);
    expect(config.warnings).toEqual([]);
  });

  it('reads valueList images', () => {
    const config = parseLabelingConfig(`<View>
  <Image name="pages" valueList="$images"/>
  <RectangleLabels name="label" toName="pages"><Label value="Title"/></RectangleLabels>
</View>`);
    expect(config.objects[0]).toMatchObject({ dataKey: 'images', valueList: true });
  });

  it('reads Paragraphs with ParagraphLabels and a dialogue intent', () => {
    const config = parseLabelingConfig(`<View>
  <ParagraphLabels name="entity_slot" toName="dialogue">
    <Label value="Person"/>
    <Label value="Location"/>
  </ParagraphLabels>
  <Paragraphs name="dialogue" value="$dialogue" layout="dialogue"/>
  <Choices name="intent" toName="dialogue" choice="single" showInLine="true">
    <Choice value="Greeting"/>
    <Choice value="Small talk"/>
  </Choices>
</View>`);
    expect(config.objects[0]).toMatchObject({ tag: 'Paragraphs', dataKey: 'dialogue' });
    expect(config.controls.map((c) => [c.resultType, c.multiple])).toEqual([
      ['paragraphlabels', false],
      ['choices', false],
    ]);
  });

  it('reads time series with Channel children and video tracking', () => {
    const ts = parseLabelingConfig(`<View>
  <TimeSeriesLabels name="label" toName="ts"><Label value="Run"/></TimeSeriesLabels>
  <TimeSeries name="ts" valueType="url" value="$csv" timeColumn="time">
    <Channel column="velocity" units="m/s"/>
  </TimeSeries>
</View>`);
    expect(ts.objects[0]).toMatchObject({ tag: 'TimeSeries', dataKey: 'csv' });
    expect(ts.warnings).toEqual([]);
    const video = parseLabelingConfig(`<View>
  <Labels name="videoLabels" toName="video" allowEmpty="true"><Label value="Man"/></Labels>
  <!-- frame rate matters for every keyframe -->
  <Video name="video" value="$video" framerate="25.0"/>
  <VideoRectangle name="box" toName="video"/>
</View>`);
    expect(video.controls.map((c) => c.resultType)).toEqual(['labels', 'videorectangle']);
  });

  it('reads Rating, Number, DateTime and conditional attributes', () => {
    const config = parseLabelingConfig(`<View>
  <Image name="img" value="$img"/>
  <RectangleLabels name="box" toName="img"><Label value="Car"/></RectangleLabels>
  <Rating name="stars" toName="img"/>
  <Rating name="ten" toName="img" maxRating="10"/>
  <Number name="count" toName="img" min="0" max="100"/>
  <DateTime name="when" toName="img" only="date"/>
  <Choices name="color" toName="img" perRegion="true" whenTagName="box" whenLabelValue="Car"
           visibleWhen="region-selected">
    <Choice value="Red"/>
  </Choices>
  <TextArea name="note" toName="img" whenChoiceValue="Red"/>
</View>`);
    const by = (n: string) => config.controls.find((c) => c.name === n);
    expect(by('stars')?.maxRating).toBe(5);
    expect(by('ten')?.maxRating).toBe(10);
    expect(by('count')).toMatchObject({ min: 0, max: 100, resultType: 'number' });
    expect(by('when')?.resultType).toBe('datetime');
    expect(by('color')).toMatchObject({
      perRegion: true,
      whenTagName: 'box',
      whenLabelValue: 'Car',
      visibleWhen: 'region-selected',
    });
    expect(by('note')?.whenChoiceValue).toBe('Red');
  });

  it('parses data paths from value attributes and leaves literal values without a key', () => {
    const config = parseLabelingConfig(`<View>
  <Image name="a" value="$meta.url"/>
  <Image name="b" value="$pages[0]"/>
  <Text name="c" value="Just a literal sentence"/>
  <HyperText name="d" value="$html"/>
  <Table name="e" value="$table"/>
</View>`);
    expect(config.objects.map((o) => [o.name, o.dataKey])).toEqual([
      ['a', 'meta.url'],
      ['b', 'pages[0]'],
      ['c', undefined],
      ['d', 'html'],
      ['e', 'table'],
    ]);
  });

  it('matches tag and attribute names case-insensitively, as Label Studio does', () => {
    const config = parseLabelingConfig(`<view>
  <image name="img" value="$image"/>
  <rectanglelabels name="box" toname="img" PERREGION="true">
    <label value="Car" ALIAS="car"/>
  </rectanglelabels>
</view>`);
    expect(config.objects[0]?.tag).toBe('Image');
    expect(config.controls[0]).toMatchObject({
      tag: 'RectangleLabels',
      resultType: 'rectanglelabels',
      toName: ['img'],
      perRegion: true,
    });
    expect(config.controls[0]?.labels[0]?.name).toBe('car');
  });

  it('counts lines the same with CRLF line ends', () => {
    const config = parseLabelingConfig(
      '<View>\r\n\r\n  <Image name="img" value="$i"/>\r\n<Rating name="r" toName="img"/></View>',
    );
    expect(config.objects[0]?.pos).toEqual({ line: 3, column: 3 });
    expect(config.controls[0]?.pos).toEqual({ line: 4, column: 1 });
  });

  it('splits a comma-separated toName', () => {
    const config = parseLabelingConfig(`<View>
  <Text name="a1" value="$a1"/><Text name="a2" value="$a2"/>
  <Choices name="pick" toName="a1, a2"><Choice value="x"/></Choices>
</View>`);
    expect(config.controls[0]?.toName).toEqual(['a1', 'a2']);
  });

  it('records dynamic labels loaded from task data', () => {
    const config = parseLabelingConfig(
      '<View><Text name="t" value="$text"/><Labels name="l" toName="t" value="$labels"/></View>',
    );
    expect(config.controls[0]).toMatchObject({ dynamicLabelsKey: 'labels', labels: [] });
  });

  it('accepts Label Studio tags Prelabel does not fill, and controls pointing at them', () => {
    const config = parseLabelingConfig(`<View>
  <Style>.x { color: red; }</Style>
  <Text name="instructions" value="$text"/>
  <Chat name="chat" value="$chat"/>
  <Choices name="answered" toName="chat"><Choice value="Yes"/></Choices>
  <Pairwise name="cmp" toName="instructions,chat"/>
  <Relations><Relation value="is"/></Relations>
  <Collapse><Panel value="More"><Header value="h"/></Panel></Collapse>
  <HyperText name="page" value="$page"/>
  <HyperText name="inline"><p>inline <b>HTML</b> is content</p></HyperText>
</View>`);
    expect(config.warnings).toEqual([]);
    expect(config.objects.map((o) => o.name)).toEqual(['instructions', 'page', 'inline']);
    expect(config.controls.map((c) => c.name)).toEqual(['answered']);
  });

  it('warns about unknown tags with their position and a spelling hint', () => {
    const config = parseLabelingConfig(`<View>
  <Image name="img" value="$image"/>
  <RectangelLabels name="box" toName="img"/>
  <Sparkle/>
</View>`);
    expect(config.warnings).toEqual([
      {
        message: expect.stringMatching(
          /^line 3: unknown tag <RectangelLabels>.*<RectangleLabels>\?/,
        ),
        pos: { line: 3, column: 3 },
      },
      { message: 'line 4: unknown tag <Sparkle> is ignored', pos: { line: 4, column: 3 } },
    ]);
    expect(config.controls).toEqual([]);
  });

  it('warns about items that have no effect', () => {
    const config = parseLabelingConfig(`<View>
  <Image name="img" value="$image"/>
  <Rating name="r" toName="img" maxRating="lots"/>
  <RectangleLabels name="b" toName="img"><Label/><Label value="ok"/></RectangleLabels>
  <TextArea name="t" toName="img">
    <Label value="x"/>
  </TextArea>
</View>`);
    expect(config.controls[0]?.maxRating).toBe(5);
    expect(config.controls[1]?.labels.map((l) => l.name)).toEqual(['ok']);
    expect(config.warnings.map((w) => w.pos?.line)).toEqual([3, 4, 6]);
    expect(config.warnings[0]?.message).toContain('maxrating="lots"');
    expect(config.warnings[2]?.message).toContain('<TextArea name="t"> takes no <Label>');
  });
});
