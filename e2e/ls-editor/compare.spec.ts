// Unit tests of the pure comparison (no browser: these tests take no `page`).
// They live with the harness under e2e/, which vitest does not collect.
import { expect, test } from '@playwright/test';
import { decode, encode } from '@thi.ng/rle-pack';
import type { LsPrediction, LsResult } from '../../src/core/results/types';
import { compareLoaded } from './compare';
import type { LoadedPrediction, LoadedResult } from './types';

const box: LsResult = {
  id: 'b1',
  from_name: 'box',
  to_name: 'image',
  type: 'rectanglelabels',
  original_width: 40,
  original_height: 30,
  value: { x: 10, y: 20, width: 30, height: 40, rotation: -15, rectanglelabels: ['Cat', 'Pet'] },
};

function sent(...result: LsResult[]): LsPrediction {
  return { model_version: 'm@1', result };
}

/** What the editor gives back for `r` when it loaded it faithfully. */
function echo(r: LsResult, extra: Partial<LoadedResult> = {}): LoadedResult {
  const key = r.type.endsWith('labels') || r.type === 'choices' ? r.type : undefined;
  const labels = key ? (r.value[key] as string[]) : undefined;
  return {
    id: r.id,
    type: r.type,
    from_name: r.from_name,
    to_name: r.to_name,
    value: structuredClone(r.value),
    ...(labels ? { labels: [...labels] } : {}),
    ...(r.original_width
      ? { original_width: r.original_width, original_height: r.original_height }
      : {}),
    ...extra,
  };
}

function loaded(results: LoadedResult[], extra: Partial<LoadedPrediction> = {}): LoadedPrediction {
  return {
    model_version: 'm@1',
    regionCount: new Set(results.map((r) => r.id)).size,
    results,
    pending: [],
    errors: [],
    warnings: [],
    ...extra,
  };
}

test('a faithful load has no differences, float noise and rotation wrap included', () => {
  const got = echo(box);
  // The editor's % → px → % round trip and its (r + 360) % 360.
  got.value = { ...got.value, width: 30.000000000000004, rotation: 345 };
  expect(compareLoaded(sent(box), loaded([got]))).toEqual([]);
});

test('a removed label, a missing result and the region count are reported', () => {
  const choice: LsResult = {
    id: 'c1',
    from_name: 'scene',
    to_name: 'image',
    type: 'choices',
    value: { choices: ['Indoor'] },
  };
  const got = echo(box, { labels: ['Cat'] });
  expect(compareLoaded(sent(box, choice), loaded([got]))).toEqual([
    'region count: sent 2, the editor built 1',
    'result b1 box→image (rectanglelabels): label "Pet" lost: the editor does not show it',
    'result c1 scene→image (choices): not loaded by the editor',
  ]);
});

test('a result re-homed under another control is matched by id and reported', () => {
  const ghost = { ...box, from_name: 'boxes' };
  const got = echo(box, { labels: [] });
  expect(compareLoaded(sent(ghost), loaded([got]))).toEqual([
    'result b1 boxes→image (rectanglelabels): editor moved it to from_name "box"',
    'result b1 boxes→image (rectanglelabels): label "Cat" lost: the editor does not show it',
    'result b1 boxes→image (rectanglelabels): label "Pet" lost: the editor does not show it',
  ]);
});

test('geometry, textarea text and taxonomy changes are reported; unsent results too', () => {
  const poly: LsResult = {
    id: 'p1',
    from_name: 'outline',
    to_name: 'image',
    type: 'polygonlabels',
    value: {
      points: [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      polygonlabels: ['Ear'],
    },
  };
  const note: LsResult = {
    id: 'n1',
    from_name: 'note',
    to_name: 'image',
    type: 'textarea',
    value: { text: ['a', 'b'] },
  };
  const tax: LsResult = {
    id: 't1',
    from_name: 'species',
    to_name: 'image',
    type: 'taxonomy',
    value: { taxonomy: [['Animal', 'Cat']] },
  };
  const gotBox = echo(box);
  gotBox.value = { ...gotBox.value, x: 10.01 };
  const gotPoly = echo(poly, {
    value: {
      points: [
        [1, 2],
        [3, 4],
      ],
      polygonlabels: ['Ear'],
    },
  });
  const gotNote = echo(note, { value: { text: ['a'] } });
  const gotTax = echo(tax, { value: { taxonomy: [['Animal']] } });
  const extra = echo({ ...note, id: 'zz' });
  const diffs = compareLoaded(
    sent(box, poly, note, tax),
    loaded([gotBox, gotPoly, gotNote, gotTax, extra]),
  );
  expect(diffs).toEqual([
    'region count: sent 4, the editor built 5',
    'result b1 box→image (rectanglelabels): value.x is 10.01 in the editor, sent 10',
    'result p1 outline→image (polygonlabels): polygon points differ: editor [[1,2],[3,4]], sent [[1,2],[3,4],[5,6]]',
    'result n1 note→image (textarea): text is ["a"] in the editor, sent ["a","b"]',
    'result t1 species→image (taxonomy): value.taxonomy differs in the editor',
    'editor built result zz note→image (textarea) that was not sent',
  ]);
});

test('span text is compared without line breaks; a span the editor could not place is reported', () => {
  const span = (id: string, text: string): LsResult => ({
    id,
    from_name: 'ner',
    to_name: 'text',
    type: 'labels',
    value: { start: 0, end: text.length, text, labels: ['City'] },
  });
  const crlf = span('s1', 'visited\r\nParis');
  const wrong = span('s2', 'Paris');
  const lost = span('s3', 'Rome');
  const got = [
    echo(crlf, { areaType: 'richtextregion', shownText: 'visitedParis', drawn: true }),
    echo(wrong, { areaType: 'richtextregion', shownText: 'aris,', drawn: true }),
    echo(lost, { areaType: 'richtextregion', drawn: false }),
  ];
  expect(compareLoaded(sent(crlf, wrong, lost), loaded(got))).toEqual([
    'result s2 ner→text (labels): editor highlights "aris,", sent text "Paris"',
    'result s3 ner→text (labels): span not found in the text',
    'result s3 ner→text (labels): loaded but not drawn (richtextregion)',
  ]);
});

test('image size and mask size are checked against the image the editor measured', () => {
  const rgba = new Uint8Array(4 * 3 * 4).fill(255);
  const mask: LsResult = {
    id: 'm1',
    from_name: 'mask',
    to_name: 'image',
    type: 'brushlabels',
    original_width: 4,
    original_height: 3,
    value: { format: 'rle', rle: Array.from(encode(rgba, rgba.length)), brushlabels: ['Fur'] },
  };
  expect(compareLoaded(sent(mask), loaded([echo(mask, { drawn: true })]))).toEqual([]);
  const measured = echo(mask, { original_width: 3, original_height: 4, drawn: true });
  expect(compareLoaded(sent(mask), loaded([measured]))).toEqual([
    "result m1 mask→image (brushlabels): original size 4x3, the editor's image is 3x4",
  ]);
  const bigger = echo(mask, { original_width: 5, original_height: 3, drawn: false });
  expect(compareLoaded(sent({ ...mask, original_width: 5 }), loaded([bigger]))).toEqual([
    'result m1 mask→image (brushlabels): mask decodes to 48 bytes, the 5x3 image needs 60',
    'result m1 mask→image (brushlabels): loaded but not drawn',
  ]);
});

test('editor errors and unfinished loads fail the comparison', () => {
  const got = loaded([echo(box)], {
    errors: ['page: boom'],
    pending: ['b1: image "image" not loaded'],
  });
  expect(compareLoaded(sent(box), got)).toEqual([
    'editor error: page: boom',
    'never finished loading: b1: image "image" not loaded',
  ]);
});

test('values the editor flagged as not showable are reported', () => {
  const rating: LsResult = {
    id: 'r1',
    from_name: 'q',
    to_name: 'image',
    type: 'rating',
    value: { rating: 9 },
  };
  const got = echo(rating, { invalid: ['rating 9 above maxRating 5'] });
  expect(compareLoaded(sent(rating), loaded([got]))).toEqual([
    'result r1 q→image (rating): rating 9 above maxRating 5',
  ]);
});

test('rle-pack encodes the fact sheet test vectors as the editor decodes them', () => {
  // §4: the editor bundles rle-pack 2.1.43; the project's 3.x must give the same bytes.
  const input = [1, 1, 1, 1, 2, 3, 5, 6, 7, 8, 4, 4, 4, 4, 4, 4, 4, 4];
  expect(Array.from(encode(input, input.length))).toEqual([
    0, 0, 0, 18, 57, 27, 252, 96, 34, 129, 1, 130, 131, 3, 132, 78, 8,
  ]);
  const mask = [0, 255, 255, 0, 0, 255].flatMap((v) => [v, v, v, v]);
  const bytes = encode(mask, mask.length);
  expect(Array.from(bytes)).toEqual([0, 0, 0, 24, 57, 27, 252, 96, 19, 255, 206, 1, 31, 248]);
  expect(Array.from(decode(bytes))).toEqual(mask);
});
