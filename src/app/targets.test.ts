import { describe, expect, it } from 'vitest';
import { parseLabelingConfig } from '../core/config';
import { runRequestOf } from './run/runs-slice';
import {
  audioTargetChoices,
  ocrTargetChoices,
  textTargetChoices,
  visionTargetChoices,
} from './targets';

describe('visionTargetChoices', () => {
  const config = parseLabelingConfig(`
    <View>
      <Image name="front" value="$front"/>
      <Image name="back" value="$back"/>
      <Rectangle name="boxes" toName="back"/>
      <RectangleLabels name="objects" toName="front,back">
        <Label value="Car"/><Label value="Person" predicted_values="pedestrian"/>
      </RectangleLabels>
      <PolygonLabels name="poly" toName="front"><Label value="Car"/></PolygonLabels>
      <BrushLabels name="paint" toName="front"><Label value="Car"/></BrushLabels>
      <KeyPointLabels name="joints" toName="front"><Label value="Nose"/></KeyPointLabels>
      <Choices name="weather" toName="front"><Choice value="Sunny"/></Choices>
      <TextArea name="note" toName="front" perRegion="true"/>
    </View>`);
  const names = { classNames: ['car', 'pedestrian', 'tree'], keypointNames: ['nose', 'ear'] };

  it('lists every box control per image, the CLI default first, auto-mapped with reasons', () => {
    const choices = visionTargetChoices(config, 'box', names);
    expect(choices.map((c) => c.key)).toEqual([
      'objects→front',
      'poly→front',
      'boxes→back',
      'objects→back',
    ]);
    const [first] = choices;
    expect(first?.targets[0]).toMatchObject({
      kind: 'rectangle',
      hasLabels: true,
      mapping: { car: 'Car', pedestrian: 'Person', tree: null },
    });
    expect(first?.reasons.objects).toEqual({ car: 'normalized', pedestrian: 'predicted_values' });
    // A label-less tool keeps every class as an unlabelled shape.
    const bare = choices.find((c) => c.key === 'boxes→back');
    expect(bare?.targets[0]).toMatchObject({ hasLabels: false, mapping: { car: '' } });
  });

  it('offers polygon, brush, both, or boxes for masks', () => {
    expect(visionTargetChoices(config, 'mask', names).map((c) => c.key)).toEqual([
      'poly→front',
      'paint→front',
      'poly+paint→front',
      'objects→front',
      'boxes→back',
      'objects→back',
    ]);
  });

  it('pairs keypoint controls with a box control, mapping keypoint names', () => {
    const [first] = visionTargetChoices(config, 'keypoints', names);
    expect(first?.key).toBe('objects+joints→front');
    expect(first?.targets[1]).toMatchObject({
      kind: 'keypoint',
      mapping: { nose: 'Nose', ear: null },
    });
  });

  it('sends classes to Choices and finds nothing where nothing fits', () => {
    expect(visionTargetChoices(config, 'class', names).map((c) => c.key)).toEqual([
      'weather→front',
    ]);
    const text = parseLabelingConfig(`<View><Text name="t" value="$text"/>
      <Labels name="ner" toName="t"><Label value="PER"/></Labels></View>`);
    expect(visionTargetChoices(text, 'box', names)).toEqual([]);
  });
});

describe('ocrTargetChoices', () => {
  it('finds the OCR template target, and says what is missing otherwise', () => {
    const ocr = parseLabelingConfig(`<View>
      <Image name="image" value="$image"/>
      <Labels name="label" toName="image"><Label value="Text"/><Label value="Handwriting"/></Labels>
      <Rectangle name="bbox" toName="image"/>
      <TextArea name="transcription" toName="image" perRegion="true"/>
    </View>`);
    const { choices, error } = ocrTargetChoices(ocr);
    expect(error).toBeNull();
    expect(choices[0]?.target).toMatchObject({
      toName: 'image',
      shape: { fromName: 'bbox', kind: 'rectangle' },
      label: { fromName: 'label', labels: ['Text'] },
      textArea: { fromName: 'transcription' },
    });
    const noText = parseLabelingConfig(`<View><Image name="image" value="$image"/>
      <Rectangle name="bbox" toName="image"/><TextArea name="t" toName="image"/></View>`);
    expect(ocrTargetChoices(noText).error).toMatch(/TextArea perRegion="true"/);
  });
});

describe('textTargetChoices and the run request of a text model', () => {
  const config = parseLabelingConfig(`
    <View>
      <Text name="body" value="$body"/>
      <Text name="title" value="$title"/>
      <HyperText name="page" value="$html"/>
      <Labels name="ner" toName="body,title">
        <Label value="PER" predicted_values="Person"/><Label value="Place"/>
      </Labels>
      <Labels name="web" toName="page"><Label value="Person"/></Labels>
      <Choices name="topic" toName="page"><Choice value="Sports"/></Choices>
    </View>`);

  it('offers each control on each text object that takes spans, auto-mapped', () => {
    const choices = textTargetChoices(config, 'span', ['Person', 'Place', 'Date']);
    expect(choices.map((c) => c.key)).toEqual(['ner→body', 'ner→title', 'web→page']);
    expect(choices[0]!.title).toBe('Labels "ner" on Text "body"');
    expect(choices[0]!.targets[0]).toEqual({
      kind: 'text-span',
      fromName: 'ner',
      toName: 'body',
      hasLabels: true,
      mapping: { Person: 'PER', Place: 'Place', Date: null },
    });
    expect(choices[0]!.reasons['ner']).toMatchObject({
      Person: 'predicted_values',
      Place: 'exact',
    });
    // Choices fit a <HyperText>.
    expect(textTargetChoices(config, 'choices', ['sports']).map((c) => c.key)).toEqual([
      'topic→page',
    ]);
  });

  it('runRequestOf sends a text model its one control, with the edited mapping', () => {
    const [, second] = textTargetChoices(config, 'span', ['Person']);
    const target = { ...second!.targets[0]!, mapping: { Person: null } };
    const request = runRequestOf({
      model: { kind: 'text-span' },
      targets: [target],
      options: { confidence: 0.3, iou: 0, maxDetections: 0 },
      scoreMethod: 'mean',
      versionOverride: '',
      ocrImage: null,
    });
    expect(request).toEqual({
      targets: [],
      options: { confidence: 0.3, iou: 0, maxDetections: 0 },
      scoreMethod: 'mean',
      text: { fromName: 'ner', toName: 'title', mapping: { Person: null } },
    });
  });
});

describe('audioTargetChoices', () => {
  const config = parseLabelingConfig(`<View>
    <Audio name="call" value="$audio"/>
    <Labels name="who" toName="call"><Label value="Speech"/><Label value="Music"/></Labels>
    <TextArea name="said" toName="call" perRegion="true"/>
    <AudioPlus name="clip" value="$clip"/>
    <TextArea name="summary" toName="clip"/>
    <Choices name="kind" toName="clip"><Choice value="speech"/></Choices>
  </View>`);

  it('a VAD fills the <Labels> on an audio object, speech auto-mapped', () => {
    const choices = audioTargetChoices(config, 'audio-regions', ['speech']);
    expect(choices.map((c) => c.key)).toEqual(['who→call']);
    expect(choices[0]!.targets[0]).toMatchObject({
      kind: 'audio-regions',
      fromName: 'who',
      toName: 'call',
      mapping: { speech: 'Speech' },
    });
  });

  it('a recogniser: per-region text beside a <Labels>, else the whole-file <TextArea>', () => {
    const choices = audioTargetChoices(config, 'audio-textarea', ['speech']);
    expect(choices.map((c) => [c.key, c.title])).toEqual([
      ['who→call', 'Labels "who" + TextArea "said" on Audio "call"'],
      ['summary→clip', 'TextArea "summary" on AudioPlus "clip"'],
    ]);
  });

  it('a sound classifier fills a <Choices>; none fits a config without one', () => {
    const choices = audioTargetChoices(config, 'audio-choices', ['speech']);
    expect(choices.map((c) => c.key)).toEqual(['kind→clip']);
    expect(choices[0]!.targets[0]).toMatchObject({
      multiple: false,
      mapping: { speech: 'speech' },
    });
    const plain = parseLabelingConfig('<View><Audio name="a" value="$a"/></View>');
    expect(audioTargetChoices(plain, 'audio-regions', ['speech'])).toEqual([]);
  });
});
