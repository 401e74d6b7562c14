// The real-editor check: hand-written predictions in the fact sheet's shapes
// (docs/label-studio-interop.md §2–§5) loaded into Label Studio's own editor
// (LSF 1.4.0), read back from its store and compared with what we sent.
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { encode } from '@thi.ng/rle-pack';
import sharp from 'sharp';
import type { LsPrediction, LsResult } from '../src/core/results/types';
import { compareLoaded } from './ls-editor/compare';
import { expectAllLoaded, fixtureUrl, loadInEditor } from './ls-editor/harness';
import type { LoadedPrediction } from './ls-editor/harness';
import { SHARED_FIXTURES } from './ls-editor/serve';
import { HAS_EDITOR, NO_EDITOR } from './app/editor';
import { fixturesPresent } from '../test/require-fixtures';

const haveFixtures = fixturesPresent('the real-editor check', SHARED_FIXTURES);
test.skip(!HAS_EDITOR, NO_EDITOR);
test.skip(!haveFixtures, `needs the shared fixtures in ${SHARED_FIXTURES}`);

async function imageSize(name: string): Promise<{ w: number; h: number }> {
  const meta = await sharp(join(SHARED_FIXTURES, 'images', name)).metadata();
  if (!meta.width || !meta.height) throw new Error(`no size for ${name}`);
  return { w: meta.width, h: meta.height };
}

/** RLE of a w×h image whose pixels inside the box are masked (RGBA, alpha 255), as §4 says. */
function boxMask(
  w: number,
  h: number,
  box: { x0: number; y0: number; x1: number; y1: number },
): number[] {
  const rgba = new Uint8Array(w * h * 4);
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0; x < box.x1; x++) rgba.fill(255, (y * w + x) * 4, (y * w + x) * 4 + 4);
  }
  return Array.from(encode(rgba, rgba.length));
}

function prediction(result: LsResult[], model_version = 'hand-written@1'): LsPrediction {
  return { model_version, score: 0.5, result };
}

async function loadOne(page: Page, config: string, data: Record<string, unknown>, p: LsPrediction) {
  const [loaded] = await loadInEditor(page, { config, data, predictions: [p] });
  if (!loaded) throw new Error('editor returned no prediction');
  return loaded;
}

function byId(loaded: LoadedPrediction, id: string, from_name: string) {
  return loaded.results.find((r) => r.id === id && r.from_name === from_name);
}

const IMAGE_CONFIG = `<View>
  <Image name="image" value="$image"/>
  <RectangleLabels name="box" toName="image"><Label value="Cat"/><Label value="Dog"/></RectangleLabels>
  <PolygonLabels name="outline" toName="image"><Label value="Ear"/></PolygonLabels>
  <KeyPointLabels name="point" toName="image"><Label value="Eye"/></KeyPointLabels>
  <EllipseLabels name="oval" toName="image"><Label value="Nose"/></EllipseLabels>
  <BrushLabels name="mask" toName="image"><Label value="Fur" background="#ff0000"/></BrushLabels>
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

test('every image result type loads with its labels', async ({ page }) => {
  const { w, h } = await imageSize('chelsea.png');
  const size = { original_width: w, original_height: h, image_rotation: 0 };
  const sent = prediction([
    {
      id: 'box1',
      from_name: 'box',
      to_name: 'image',
      type: 'rectanglelabels',
      ...size,
      value: { x: 10.5, y: 20, width: 30, height: 40, rotation: 15, rectanglelabels: ['Cat'] },
    },
    // Per-region choices and textarea join the box through its id.
    {
      id: 'box1',
      from_name: 'colour',
      to_name: 'image',
      type: 'choices',
      ...size,
      value: { x: 10.5, y: 20, width: 30, height: 40, rotation: 15, choices: ['Tabby'] },
    },
    {
      id: 'box1',
      from_name: 'note',
      to_name: 'image',
      type: 'textarea',
      ...size,
      value: { x: 10.5, y: 20, width: 30, height: 40, rotation: 15, text: ['sleepy'] },
    },
    {
      id: 'poly1',
      from_name: 'outline',
      to_name: 'image',
      type: 'polygonlabels',
      ...size,
      value: {
        points: [
          [20, 5],
          [30, 5],
          [25, 25],
        ],
        polygonlabels: ['Ear'],
      },
    },
    {
      id: 'kp1',
      from_name: 'point',
      to_name: 'image',
      type: 'keypointlabels',
      ...size,
      value: { x: 40, y: 42, width: 1.2, keypointlabels: ['Eye'] },
    },
    {
      id: 'ell1',
      from_name: 'oval',
      to_name: 'image',
      type: 'ellipselabels',
      ...size,
      value: { x: 55, y: 70, radiusX: 8, radiusY: 5, rotation: 0, ellipselabels: ['Nose'] },
    },
    {
      id: 'mask1',
      from_name: 'mask',
      to_name: 'image',
      type: 'brushlabels',
      ...size,
      value: {
        format: 'rle',
        rle: boxMask(w, h, { x0: 100, y0: 100, x1: 200, y1: 150 }),
        brushlabels: ['Fur'],
      },
    },
    {
      id: 'scene1',
      from_name: 'scene',
      to_name: 'image',
      type: 'choices',
      value: { choices: ['Indoor'] },
    },
    {
      id: 'cap1',
      from_name: 'caption',
      to_name: 'image',
      type: 'textarea',
      value: { text: ['a cat', 'close up'] },
    },
    {
      id: 'tax1',
      from_name: 'species',
      to_name: 'image',
      type: 'taxonomy',
      value: { taxonomy: [['Animal', 'Mammal', 'Cat']] },
    },
    { id: 'num1', from_name: 'count', to_name: 'image', type: 'number', value: { number: 1 } },
    { id: 'rate1', from_name: 'quality', to_name: 'image', type: 'rating', value: { rating: 4 } },
  ]);
  const loaded = await loadOne(
    page,
    IMAGE_CONFIG,
    { image: fixtureUrl('images/chelsea.png') },
    sent,
  );

  expectAllLoaded(sent, loaded);
  // Spelled out, beyond the generic comparison: the shapes the editor built.
  expect(loaded.regionCount).toBe(10);
  expect(byId(loaded, 'box1', 'box')).toMatchObject({
    areaType: 'rectangleregion',
    labels: ['Cat'],
  });
  expect(byId(loaded, 'box1', 'colour')).toMatchObject({
    areaType: 'rectangleregion',
    labels: ['Tabby'],
  });
  expect(byId(loaded, 'box1', 'note')?.value.text).toEqual(['sleepy']);
  expect(byId(loaded, 'poly1', 'outline')?.areaType).toBe('polygonregion');
  expect(byId(loaded, 'kp1', 'point')).toMatchObject({
    areaType: 'keypointregion',
    labels: ['Eye'],
  });
  expect(byId(loaded, 'ell1', 'oval')?.areaType).toBe('ellipseregion');
  expect(byId(loaded, 'mask1', 'mask')).toMatchObject({
    areaType: 'brushregion',
    drawn: true,
    original_width: w,
  });
  expect(byId(loaded, 'scene1', 'scene')?.labels).toEqual(['Indoor']);
  expect(byId(loaded, 'tax1', 'species')?.value.taxonomy).toEqual([['Animal', 'Mammal', 'Cat']]);
  expect(byId(loaded, 'rate1', 'quality')?.value.rating).toBe(4);
});

test('OCR layout: rectangle + labels + textarea sharing one id form one region', async ({
  page,
}) => {
  const { w, h } = await imageSize('text.png');
  const config = `<View>
    <Image name="image" value="$ocr"/>
    <Labels name="label" toName="image"><Label value="Text"/><Label value="Handwriting"/></Labels>
    <Rectangle name="bbox" toName="image" strokeWidth="3"/>
    <TextArea name="transcription" toName="image" editable="true" perRegion="true" displayMode="region-list"/>
  </View>`;
  const geo = { x: 5, y: 10, width: 40, height: 12, rotation: 0 };
  const size = { original_width: w, original_height: h, image_rotation: 0 };
  const sent = prediction([
    {
      id: 'line1',
      from_name: 'bbox',
      to_name: 'image',
      type: 'rectangle',
      ...size,
      value: { ...geo },
    },
    {
      id: 'line1',
      from_name: 'label',
      to_name: 'image',
      type: 'labels',
      ...size,
      value: { ...geo, labels: ['Text'] },
    },
    {
      id: 'line1',
      from_name: 'transcription',
      to_name: 'image',
      type: 'textarea',
      ...size,
      value: { ...geo, text: ['Hello world'] },
    },
    {
      id: 'line2',
      from_name: 'bbox',
      to_name: 'image',
      type: 'rectangle',
      ...size,
      value: { ...geo, y: 40 },
    },
    {
      id: 'line2',
      from_name: 'label',
      to_name: 'image',
      type: 'labels',
      ...size,
      value: { ...geo, y: 40, labels: ['Handwriting'] },
    },
    {
      id: 'line2',
      from_name: 'transcription',
      to_name: 'image',
      type: 'textarea',
      ...size,
      value: { ...geo, y: 40, text: ['second line'] },
    },
  ]);
  const loaded = await loadOne(page, config, { ocr: fixtureUrl('images/text.png') }, sent);

  expectAllLoaded(sent, loaded);
  expect(loaded.regionCount).toBe(2);
  expect(byId(loaded, 'line1', 'label')?.labels).toEqual(['Text']);
  expect(byId(loaded, 'line2', 'transcription')?.value.text).toEqual(['second line']);
});

// Code-point offsets (Python's), not UTF-16: "❤️" is 2 code points, "🦄" one.
const TEXT = 'I ❤️ 🦄 visited\r\nParis, then Zürich 🇨🇭 on 2024-05-27.';

function span(id: string, piece: string, label: string, nth = 0): LsResult {
  const units = TEXT.split(piece, nth + 1).join(piece).length;
  if (units >= TEXT.length) throw new Error(`"${piece}" not in the text`);
  const start = Array.from(TEXT.slice(0, units)).length;
  return {
    id,
    from_name: 'ner',
    to_name: 'text',
    type: 'labels',
    value: { start, end: start + Array.from(piece).length, text: piece, labels: [label] },
  };
}

const TEXT_CONFIG = `<View>
  <Text name="text" value="$text"/>
  <Labels name="ner" toName="text"><Label value="City"/><Label value="Emoji"/><Label value="Date"/></Labels>
  <Choices name="sentiment" toName="text"><Choice value="Positive"/><Choice value="Negative"/></Choices>
</View>`;

test('text spans use code-point offsets; emoji and CRLF show the right substring', async ({
  page,
}) => {
  const sent = prediction([
    span('paris', 'Paris', 'City'),
    span('zurich', 'Zürich', 'City'),
    span('unicorn', '🦄', 'Emoji'),
    span('flag', '🇨🇭', 'Emoji'),
    span('date', '2024-05-27', 'Date'),
    span('across', 'visited\r\nParis', 'City'),
    {
      id: 'doc',
      from_name: 'sentiment',
      to_name: 'text',
      type: 'choices',
      value: { choices: ['Positive'] },
    },
  ]);
  expect(sent.result[0]!.value.start).toBe(16); // the fact sheet's example: not indexOf's 17
  const loaded = await loadOne(page, TEXT_CONFIG, { text: TEXT }, sent);

  expectAllLoaded(sent, loaded);
  const shown = Object.fromEntries(loaded.results.map((r) => [r.id, r.shownText]));
  expect(shown).toMatchObject({
    paris: 'Paris',
    zurich: 'Zürich',
    unicorn: '🦄',
    flag: '🇨🇭',
    date: '2024-05-27',
  });
  // The editor renders the CRLF as a line break, so its range text has no \r\n.
  expect(shown.across).toBe('visitedParis');
  expect(byId(loaded, 'doc', 'sentiment')?.labels).toEqual(['Positive']);
});

test('audio segments load on AudioPlus', async ({ page }) => {
  const config = `<View>
    <AudioPlus name="audio" value="$audio"/>
    <Labels name="segments" toName="audio"><Label value="Speech"/><Label value="Noise"/></Labels>
  </View>`;
  const sent = prediction([
    {
      id: 'seg1',
      from_name: 'segments',
      to_name: 'audio',
      type: 'labels',
      value: { start: 1.5, end: 4.3, channel: 0, labels: ['Speech'] },
    },
    {
      id: 'seg2',
      from_name: 'segments',
      to_name: 'audio',
      type: 'labels',
      value: { start: 6.3, end: 9.5, channel: 0, labels: ['Speech'] },
    },
  ]);
  const data = { audio: fixtureUrl('audio/speech-two-phrases-16k.wav') };
  const loaded = await loadOne(page, config, data, sent);

  expectAllLoaded(sent, loaded);
  expect(loaded.results.map((r) => [r.id, r.areaType, r.drawn])).toEqual([
    ['seg1', 'audioregion', true],
    ['seg2', 'audioregion', true],
  ]);
});

test.describe('the check fails on what the editor drops', () => {
  test('a label missing from the config is removed; an unknown from_name is re-homed or dropped', async ({
    page,
  }) => {
    const { w, h } = await imageSize('chelsea.png');
    const size = { original_width: w, original_height: h };
    const geo = { x: 10, y: 10, width: 20, height: 20, rotation: 0 };
    const good = prediction(
      [
        {
          id: 'ok',
          from_name: 'box',
          to_name: 'image',
          type: 'rectanglelabels',
          ...size,
          value: { ...geo, rectanglelabels: ['Cat'] },
        },
      ],
      'good@1',
    );
    const bad = prediction(
      [
        {
          id: 'ok',
          from_name: 'box',
          to_name: 'image',
          type: 'rectanglelabels',
          ...size,
          value: { ...geo, rectanglelabels: ['Cat'] },
        },
        {
          id: 'horse',
          from_name: 'box',
          to_name: 'image',
          type: 'rectanglelabels',
          ...size,
          value: { ...geo, rectanglelabels: ['Horse'] },
        },
        {
          id: 'ghost',
          from_name: 'boxes',
          to_name: 'image',
          type: 'rectanglelabels',
          ...size,
          value: { ...geo, rectanglelabels: ['Dog'] },
        },
        {
          id: 'mood',
          from_name: 'ambience',
          to_name: 'image',
          type: 'choices',
          value: { choices: ['Indoor'] },
        },
      ],
      'bad@1',
    );
    const data = { image: fixtureUrl('images/chelsea.png') };
    const [okLoaded, badLoaded] = await loadInEditor(page, {
      config: IMAGE_CONFIG,
      data,
      predictions: [good, bad],
    });

    expect(compareLoaded(good, okLoaded!)).toEqual([]);
    const diffs = compareLoaded(bad, badLoaded!);
    // The unknown label: the box stays, its label is gone.
    expect(byId(badLoaded!, 'horse', 'box')?.labels).toEqual([]);
    expect(diffs).toContain(
      'result horse box→image (rectanglelabels): label "Horse" lost: the editor does not show it',
    );
    // Unknown from_name on a *labels result: LSF 1.4's fixBrokenAnnotation
    // moves it to another control of the same type on that object and drops
    // its labels (the fact sheet says "vanishes": true only when no such
    // control exists, as for the choices below).
    expect(byId(badLoaded!, 'ghost', 'box')?.labels).toEqual([]);
    expect(diffs).toContain(
      'result ghost boxes→image (rectanglelabels): editor moved it to from_name "box"',
    );
    expect(diffs).toContain(
      'result ghost boxes→image (rectanglelabels): label "Dog" lost: the editor does not show it',
    );
    expect(diffs).toContain('result mood ambience→image (choices): not loaded by the editor');
    expect(diffs).toContain('region count: sent 4, the editor built 3');
    expect(diffs).toHaveLength(5);
    // The editor itself said nothing about any of it.
    expect(badLoaded!.errors).toEqual([]);
  });

  test('values the editor stores but cannot show, and a keypoint without width', async ({
    page,
  }) => {
    const config = `<View>
      <Image name="image" value="$image"/>
      <KeyPointLabels name="point" toName="image"><Label value="Eye"/></KeyPointLabels>
      <Choices name="scene" toName="image"><Choice value="Indoor"/><Choice value="Out" alias="Outdoor"/></Choices>
      <Taxonomy name="species" toName="image"><Choice value="Animal"><Choice value="Cat"/></Choice></Taxonomy>
      <Rating name="quality" toName="image" maxRating="3"/>
      <Number name="count" toName="image" min="0" max="5"/>
    </View>`;
    const { w, h } = await imageSize('chelsea.png');
    const sent = prediction([
      {
        id: 'kp',
        from_name: 'point',
        to_name: 'image',
        type: 'keypointlabels',
        original_width: w,
        original_height: h,
        value: { x: 10, y: 10, keypointlabels: ['Eye'] },
      },
      {
        id: 'alias',
        from_name: 'scene',
        to_name: 'image',
        type: 'choices',
        value: { choices: ['Outdoor'] },
      },
      {
        id: 'garden',
        from_name: 'scene',
        to_name: 'image',
        type: 'choices',
        value: { choices: ['Garden'] },
      },
      {
        id: 'tree',
        from_name: 'species',
        to_name: 'image',
        type: 'taxonomy',
        value: { taxonomy: [['Plant', 'Tree']] },
      },
      { id: 'stars', from_name: 'quality', to_name: 'image', type: 'rating', value: { rating: 4 } },
      { id: 'many', from_name: 'count', to_name: 'image', type: 'number', value: { number: 6 } },
    ]);
    const loaded = await loadOne(page, config, { image: fixtureUrl('images/chelsea.png') }, sent);

    // Choices, taxonomy, rating and number are stored as sent, whatever the
    // config says; the editor just shows nothing for them.
    expect(byId(loaded, 'garden', 'scene')?.value.choices).toEqual(['Garden']);
    expect(compareLoaded(sent, loaded)).toEqual([
      // §3: without `width` the 1.x editor makes the keypoint a classification.
      'result kp point→image (keypointlabels): value.x missing in the editor (sent 10)',
      'result kp point→image (keypointlabels): value.y missing in the editor (sent 10)',
      'result garden scene→image (choices): label "Garden" lost: the editor does not show it',
      'result tree species→image (taxonomy): taxonomy path ["Plant","Tree"] not in the config',
      'result stars quality→image (rating): rating 4 above maxRating 3',
      'result many count→image (number): number 6 above max 5',
    ]);
    expect(byId(loaded, 'kp', 'point')?.areaType).toBeUndefined();
  });

  test('UTF-16 offsets highlight the wrong text', async ({ page }) => {
    const start = TEXT.indexOf('Paris'); // UTF-16 units: 17, one past the code-point offset
    const sent = prediction([
      {
        id: 'paris',
        from_name: 'ner',
        to_name: 'text',
        type: 'labels',
        value: { start, end: start + 5, text: 'Paris', labels: ['City'] },
      },
    ]);
    const loaded = await loadOne(page, TEXT_CONFIG, { text: TEXT }, sent);

    expect(byId(loaded, 'paris', 'ner')?.shownText).toBe('aris,');
    expect(compareLoaded(sent, loaded)).toEqual([
      'result paris ner→text (labels): editor highlights "aris,", sent text "Paris"',
    ]);
  });

  test('masks sized for another image: too small is silently cut, too large stops all masks', async ({
    page,
  }) => {
    const { w, h } = await imageSize('chelsea.png');
    const size = { original_width: w, original_height: h };
    const box = { x0: 10, y0: 10, x1: 50, y1: 50 };
    const mask = (id: string, mw: number): LsResult => ({
      id,
      from_name: 'mask',
      to_name: 'image',
      type: 'brushlabels',
      ...size,
      value: { format: 'rle', rle: boxMask(mw, h, box), brushlabels: ['Fur'] },
    });
    const short = prediction([mask('short', w - 1)], 'short@1');
    const wide = prediction([mask('good', w), mask('wide', w + 1)], 'wide@1');
    const data = { image: fixtureUrl('images/chelsea.png') };
    const [shortLoaded, wideLoaded] = await loadInEditor(page, {
      config: IMAGE_CONFIG,
      data,
      predictions: [short, wide],
    });

    // The editor draws the short mask (sheared) without a word: only our size check sees it.
    expect(shortLoaded!.errors).toEqual([]);
    expect(compareLoaded(short, shortLoaded!)).toEqual([
      `result short mask→image (brushlabels): mask decodes to ${(w - 1) * h * 4} bytes, the ${w}x${h} image needs ${w * h * 4}`,
    ]);
    // The wide mask throws while drawing and takes the correct one down with it (§4).
    const diffs = compareLoaded(wide, wideLoaded!);
    expect(diffs).toContain('editor error: console: RangeError: offset is out of bounds');
    expect(diffs).toContain(
      'result good mask→image (brushlabels): loaded but not drawn (brushregion)',
    );
    expect(diffs).toContain(
      `result wide mask→image (brushlabels): mask decodes to ${(w + 1) * h * 4} bytes, the ${w}x${h} image needs ${w * h * 4}`,
    );
  });
});
