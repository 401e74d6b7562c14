// Our own pipeline's output in the real editor: results made by src/core/results,
// validated by src/core/validate, exported by src/core/export, parsed back from the
// exported JSON and loaded into Label Studio's editor (LSF 1.4.0).
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { parseLabelingConfig } from '../src/core/config';
import { collectToString, exportTasksWithPredictions } from '../src/core/export';
import {
  audioSegmentResult,
  brushResult,
  choicesResult,
  createIdGenerator,
  ellipseResult,
  keypointResult,
  linkToRegion,
  makePrediction,
  numberResult,
  ocrRegionResults,
  orientedBoxToRectangle,
  polygonResult,
  ratingResult,
  rectangleResult,
  taxonomyResult,
  textAreaResult,
  textSpanResult,
} from '../src/core/results';
import type { LsPrediction, LsResult } from '../src/core/results/types';
import type { LsTask } from '../src/core/tasks/types';
import { validateTaskPredictions } from '../src/core/validate';
import { compareLoaded } from './ls-editor/compare';
import { expectAllLoaded, fixtureUrl, loadInEditor } from './ls-editor/harness';
import { SHARED_FIXTURES } from './ls-editor/serve';
import { HAS_EDITOR, NO_EDITOR } from './app/editor';
import { fixturesPresent } from '../test/require-fixtures';

test.skip(!HAS_EDITOR, NO_EDITOR);
test.skip(
  !fixturesPresent('builders-in-editor.spec.ts', SHARED_FIXTURES),
  `needs ${SHARED_FIXTURES}`,
);

function present<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw new Error('builder returned nothing');
  return value;
}

/** Validates, exports and parses back, as a user's download would be read by Label Studio. */
async function throughExport(config: string, task: LsTask, prediction: LsPrediction) {
  const parsed = parseLabelingConfig(config);
  expect(validateTaskPredictions(task, [prediction], parsed)).toEqual([]);
  const json = await collectToString(exportTasksWithPredictions([{ task, prediction }]));
  const [exported] = JSON.parse(json) as LsTask[];
  const sent = exported?.predictions?.[0] as LsPrediction;
  expect(sent.result).toHaveLength(prediction.result.length);
  return { data: exported!.data, sent };
}

const IMAGE_CONFIG = `<View>
  <Image name="image" value="$image"/>
  <RectangleLabels name="box" toName="image"><Label value="Cat"/><Label value="Dog"/></RectangleLabels>
  <PolygonLabels name="outline" toName="image"><Label value="Ear"/></PolygonLabels>
  <KeyPointLabels name="point" toName="image"><Label value="Eye"/></KeyPointLabels>
  <EllipseLabels name="oval" toName="image"><Label value="Nose"/></EllipseLabels>
  <BrushLabels name="mask" toName="image"><Label value="Fur"/></BrushLabels>
  <Choices name="scene" toName="image"><Choice value="Indoor"/><Choice value="Outdoor"/></Choices>
  <Choices name="colour" toName="image" perRegion="true"><Choice value="Tabby"/><Choice value="Black"/></Choices>
  <TextArea name="note" toName="image" perRegion="true"/>
  <TextArea name="caption" toName="image"/>
  <Taxonomy name="species" toName="image">
    <Choice value="Animal"><Choice value="Mammal"><Choice value="Cat"/></Choice></Choice>
  </Taxonomy>
  <Number name="count" toName="image"/>
  <Rating name="quality" toName="image" maxRating="5"/>
</View>`;

test('every image result our builders make loads in the editor', async ({ page }) => {
  const meta = await sharp(join(SHARED_FIXTURES, 'images/chelsea.png')).metadata();
  const W = meta.width!;
  const H = meta.height!;
  const id = createIdGenerator('t0');
  const img = { toName: 'image', imageWidth: W, imageHeight: H };

  const box = present(
    rectangleResult({
      ...img,
      fromName: 'box',
      id: id(),
      labels: ['Cat'],
      box: { x: 100, y: 40, width: 200, height: 180 },
      score: 0.93,
    }),
  );
  const oriented = orientedBoxToRectangle(300, 150, 120, 60, Math.PI / 6);
  const rotated = present(
    rectangleResult({
      ...img,
      fromName: 'box',
      id: id(),
      labels: ['Dog'],
      box: oriented,
      rotation: oriented.rotation,
    }),
  );
  // A mask at a quarter of the image size: the builder up-samples it to W×H.
  const mw = Math.ceil(W / 4);
  const mh = Math.ceil(H / 4);
  const maskData = new Uint8Array(mw * mh);
  for (let y = 10; y < 50; y++) maskData.fill(1, y * mw + 20, y * mw + 70);
  const result: LsResult[] = [
    box,
    rotated,
    linkToRegion(
      box,
      choicesResult({ fromName: 'colour', toName: 'image', id: 'x', choices: ['Tabby'] }),
    ),
    linkToRegion(
      box,
      textAreaResult({ fromName: 'note', toName: 'image', id: 'x', text: 'sleepy' }),
    ),
    present(
      polygonResult({
        ...img,
        fromName: 'outline',
        id: id(),
        labels: ['Ear'],
        points: [
          { x: 150, y: 30 },
          { x: 180, y: 80 },
          { x: 120, y: 80 },
        ],
      }),
    ),
    present(
      keypointResult({
        ...img,
        fromName: 'point',
        id: id(),
        labels: ['Eye'],
        point: { x: 200, y: 120 },
      }),
    ),
    present(
      ellipseResult({
        ...img,
        fromName: 'oval',
        id: id(),
        labels: ['Nose'],
        center: { x: 220, y: 160 },
        radiusX: 30,
        radiusY: 20,
      }),
    ),
    present(
      brushResult({
        ...img,
        fromName: 'mask',
        id: id(),
        labels: ['Fur'],
        mask: { width: mw, height: mh, data: maskData },
      }),
    ),
    choicesResult({ fromName: 'scene', toName: 'image', id: id(), choices: ['Indoor'] }),
    textAreaResult({ fromName: 'caption', toName: 'image', id: id(), text: ['a cat'] }),
    taxonomyResult({
      fromName: 'species',
      toName: 'image',
      id: id(),
      paths: [['Animal', 'Mammal', 'Cat']],
    }),
    present(numberResult({ fromName: 'count', toName: 'image', id: id(), number: 1 })),
    present(ratingResult({ fromName: 'quality', toName: 'image', id: id(), rating: 4 })),
  ];
  const task: LsTask = { data: { image: fixtureUrl('images/chelsea.png') } };
  const { data, sent } = await throughExport(
    IMAGE_CONFIG,
    task,
    makePrediction(result, 'builders@1', 0.9),
  );

  const [loaded] = await loadInEditor(page, { config: IMAGE_CONFIG, data, predictions: [sent] });
  expectAllLoaded(sent, loaded);
});

test('OCR regions from our builder load as linked regions', async ({ page }) => {
  const meta = await sharp(join(SHARED_FIXTURES, 'images/text.png')).metadata();
  const config = `<View>
    <Image name="image" value="$ocr"/>
    <Labels name="label" toName="image"><Label value="Text"/></Labels>
    <Rectangle name="bbox" toName="image"/>
    <Polygon name="poly" toName="image"/>
    <TextArea name="transcription" toName="image" editable="true" perRegion="true"/>
  </View>`;
  const common = { toName: 'image', imageWidth: meta.width!, imageHeight: meta.height! };
  const label = { fromName: 'label', labels: ['Text'] };
  const result = [
    ...ocrRegionResults({
      ...common,
      id: 'l1',
      score: 0.9,
      shape: { fromName: 'bbox', box: { x: 20, y: 30, width: 200, height: 40 } },
      label,
      textArea: { fromName: 'transcription', text: 'first line' },
    }),
    ...ocrRegionResults({
      ...common,
      id: 'l2',
      score: 0.8,
      shape: {
        fromName: 'poly',
        points: [
          { x: 20, y: 90 },
          { x: 240, y: 95 },
          { x: 238, y: 130 },
          { x: 18, y: 125 },
        ],
      },
      label,
      textArea: { fromName: 'transcription', text: 'second line' },
    }),
  ];
  const task: LsTask = { data: { ocr: fixtureUrl('images/text.png') } };
  const { data, sent } = await throughExport(config, task, makePrediction(result, 'ocr@1', 0.85));
  const [loaded] = await loadInEditor(page, { config, data, predictions: [sent] });
  expectAllLoaded(sent, loaded);
  expect(loaded?.regionCount).toBe(2);
});

test('text spans and audio segments from our builders load where we put them', async ({ page }) => {
  const text = 'I ❤️ 🦄 visited\r\nParis, then Zürich 🇨🇭 on 2024-05-27.';
  const textConfig = `<View>
    <Text name="text" value="$text"/>
    <Labels name="ner" toName="text"><Label value="City"/><Label value="Date"/></Labels>
  </View>`;
  const spans = ['Paris', 'Zürich', '2024-05-27'].map((piece, i) =>
    present(
      textSpanResult({
        fromName: 'ner',
        toName: 'text',
        id: `s${i}`,
        text,
        start: text.indexOf(piece),
        end: text.indexOf(piece) + piece.length,
        labels: [i === 2 ? 'Date' : 'City'],
      }),
    ),
  );
  const textTask: LsTask = { data: { text } };
  const t = await throughExport(textConfig, textTask, makePrediction(spans, 'ner@1'));
  const [loadedText] = await loadInEditor(page, {
    config: textConfig,
    data: t.data,
    predictions: [t.sent],
  });
  expectAllLoaded(t.sent, loadedText);
  expect(loadedText?.results.map((r) => r.shownText)).toEqual(['Paris', 'Zürich', '2024-05-27']);

  const audioConfig = `<View>
    <AudioPlus name="audio" value="$audio"/>
    <Labels name="vad" toName="audio"><Label value="Speech"/></Labels>
  </View>`;
  const segments = [
    [1.5, 4.3],
    [6.3, 9.5],
  ].map(([start, end], i) =>
    present(
      audioSegmentResult({
        fromName: 'vad',
        toName: 'audio',
        id: `a${i}`,
        start: start!,
        end: end!,
        labels: ['Speech'],
      }),
    ),
  );
  const audioTask: LsTask = { data: { audio: fixtureUrl('audio/speech-two-phrases-16k.wav') } };
  const a = await throughExport(audioConfig, audioTask, makePrediction(segments, 'vad@1'));
  const [loadedAudio] = await loadInEditor(page, {
    config: audioConfig,
    data: a.data,
    predictions: [a.sent],
  });
  expectAllLoaded(a.sent, loadedAudio);
});

test('the check catches a builder result sent to the wrong control', async ({ page }) => {
  const meta = await sharp(join(SHARED_FIXTURES, 'images/chelsea.png')).metadata();
  const box = present(
    rectangleResult({
      fromName: 'box',
      toName: 'image',
      id: 'b1',
      labels: ['Horse'],
      box: { x: 10, y: 10, width: 50, height: 50 },
      imageWidth: meta.width!,
      imageHeight: meta.height!,
    }),
  );
  const sent = makePrediction([box], 'wrong@1');
  // Our validator rejects it before export …
  expect(
    validateTaskPredictions({ data: {} }, [sent], parseLabelingConfig(IMAGE_CONFIG)),
  ).not.toEqual([]);
  // … and the editor indeed drops the unknown label.
  const [loaded] = await loadInEditor(page, {
    config: IMAGE_CONFIG,
    data: { image: fixtureUrl('images/chelsea.png') },
    predictions: [sent],
  });
  expect(compareLoaded(sent, loaded!)).not.toEqual([]);
});
