// Checks `value` against the control that produced the result.

import type { ImageSize } from './geometry';
import { checkEllipse, checkKeypoint, checkPolygon, checkRectangleBox } from './geometry';
import { checkBrush } from './brush';
import { describeControl } from './context';
import type { ResultContext } from './context';
import { checkLabelList, checkTaxonomy } from './labels';
import { LABEL_LIST_KEY } from './roles';
import {
  checkAudioSpan,
  checkHyperTextSpan,
  checkParagraphSpan,
  checkTextSpan,
  checkTimeSeriesSpan,
} from './spans';
import { checkVideoRectangle } from './video';
import { isFiniteNumber, isInteger, isStringList, show } from './values';
import { readParagraphs, readTaskText } from './task-data';

/** Label-list keys of every control type, to catch a list filed under the wrong key. */
const ALL_LABEL_KEYS = new Set([...Object.values(LABEL_LIST_KEY), 'htmllabels']);

export function checkValue(ctx: ResultContext, size: ImageSize | undefined): void {
  const { control, value, fail } = ctx;
  const key = LABEL_LIST_KEY[control.tag];
  for (const k of Object.keys(value)) {
    if (
      ALL_LABEL_KEYS.has(k) &&
      k !== key &&
      !(control.tag === 'VideoRectangle' && k === 'labels')
    ) {
      fail(
        key
          ? `value.${k} should be value.${key}: the label list key equals the result type`
          : `value.${k} is not part of a ${control.resultType} result: ${describeControl(control)} has no labels ` +
              `(use a ${control.tag}Labels control to label regions)`,
      );
    }
  }
  if (key) {
    if (value[key] === undefined)
      fail(`value.${key} is missing: put the label names in a list there`);
    else checkLabelList(value[key], key, control, fail);
  }

  switch (control.tag) {
    case 'Rectangle':
    case 'RectangleLabels':
      return checkRectangleBox(value, fail);
    case 'Polygon':
    case 'PolygonLabels':
      return checkPolygon(value, fail);
    case 'KeyPoint':
    case 'KeyPointLabels':
      return checkKeypoint(value, fail);
    case 'Ellipse':
    case 'EllipseLabels':
      return checkEllipse(value, fail);
    case 'Brush':
    case 'BrushLabels':
      return checkBrush(value, fail, size);
    case 'VideoRectangle':
      return checkVideoRectangle(ctx);
    case 'Labels':
      return checkLabelsSpan(ctx);
    case 'HyperTextLabels':
      return checkHyperTextSpan(value, fail);
    case 'ParagraphLabels':
      return checkParagraphSpan(
        value,
        fail,
        ctx.object ? readParagraphs(ctx.object, ctx.taskData) : undefined,
      );
    case 'TimeSeriesLabels':
      return checkTimeSeriesSpan(value, fail);
    case 'TextArea':
      return checkTextArea(ctx);
    case 'Taxonomy':
      return checkTaxonomy(value['taxonomy'], control, fail);
    case 'Rating':
      return checkRating(ctx);
    case 'Number':
      return checkNumber(ctx);
    case 'DateTime':
      return checkDateTime(ctx);
    case 'Choices':
      return; // the list itself is all there is
  }
}

/** `<Labels>` spans by object kind; on an `<Image>` the geometry is checked with its region. */
function checkLabelsSpan(ctx: ResultContext): void {
  const { object, value, fail } = ctx;
  if (!object) return;
  switch (object.tag) {
    case 'Image':
      return;
    case 'Text':
      return checkTextSpan(value, fail, readTaskText(object, ctx.taskData));
    case 'HyperText':
      return checkHyperTextSpan(value, fail);
    case 'Audio':
    case 'AudioPlus':
      return checkAudioSpan(value, fail);
    case 'Paragraphs':
      return checkParagraphSpan(value, fail, readParagraphs(object, ctx.taskData));
    case 'TimeSeries':
      return checkTimeSeriesSpan(value, fail);
    default:
      fail(
        `<Labels> results on <${object.tag}> are not regions Label Studio can load` +
          (object.tag === 'Video'
            ? ': label video boxes with <VideoRectangle> results carrying value.labels'
            : ''),
      );
  }
}

function checkTextArea({ value, fail }: ResultContext): void {
  const text = value['text'];
  if (typeof text === 'string') {
    fail(`value.text must be a LIST of strings: write [${show(text)}]`);
  } else if (!isStringList(text)) {
    fail(`value.text must be a list of strings, got ${show(text)}`);
  } else if (text.length === 0) {
    fail('value.text is an empty list: drop the result or give at least one string');
  }
}

function checkRating({ control, value, fail }: ResultContext): void {
  const max = control.maxRating ?? (Number(control.attrs['maxrating']) || 5);
  const r = value['rating'];
  if (!isInteger(r) || r < 0 || r > max)
    fail(`value.rating must be an integer 0..${max} (maxRating), got ${show(r)}`);
}

function checkNumber({ control, value, fail }: ResultContext): void {
  const n = value['number'];
  if (!isFiniteNumber(n)) {
    fail(`value.number must be a finite number, got ${show(n)}`);
    return;
  }
  if (control.min !== undefined && n < control.min)
    fail(`value.number ${n} is below min="${control.min}" of ${describeControl(control)}`);
  if (control.max !== undefined && n > control.max)
    fail(`value.number ${n} is above max="${control.max}" of ${describeControl(control)}`);
}

function checkDateTime({ value, fail }: ResultContext): void {
  const d = value['datetime'];
  if (typeof d !== 'string' || d === '')
    fail(`value.datetime must be a non-empty date/time string, got ${show(d)}`);
}
