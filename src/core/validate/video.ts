// Video rectangles (fact sheet §5): keyframes in value.sequence, labels under
// value.labels taken from a <Labels> control on the same video.

import type { ResultContext } from './context';
import { checkRectangleBox } from './geometry';
import { checkLabelList } from './labels';
import { isFiniteNumber, isInteger, isObject, show } from './values';

export function checkVideoRectangle(ctx: ResultContext): void {
  const { value, fail } = ctx;
  const { framesCount, duration, sequence } = value;
  if (!isInteger(framesCount) || framesCount < 1)
    fail(
      `value.framesCount must be a positive integer (frames in the video), got ${show(framesCount)}`,
    );
  if (!isFiniteNumber(duration) || duration <= 0)
    fail(`value.duration must be the video length in seconds (> 0), got ${show(duration)}`);
  if (!Array.isArray(sequence) || sequence.length === 0) {
    fail(`value.sequence must be a non-empty list of keyframes, got ${show(sequence)}`);
  } else {
    for (let i = 0; i < sequence.length; i++) {
      const kf: unknown = sequence[i];
      const where = `value.sequence[${i}]`;
      if (!isObject(kf)) {
        fail(
          `${where} must be a keyframe object {frame, time, x, y, width, height, rotation, enabled}`,
        );
        continue;
      }
      const { frame, time, enabled } = kf;
      if (!isInteger(frame) || frame < 1)
        fail(`${where}.frame must be a 1-based integer frame number, got ${show(frame)}`);
      else if (isInteger(framesCount) && frame > framesCount)
        fail(`${where}.frame ${frame} is past value.framesCount (${framesCount})`);
      if (!isFiniteNumber(time) || time < 0)
        fail(`${where}.time must be seconds (frame / frameRate), got ${show(time)}`);
      if (enabled !== undefined && typeof enabled !== 'boolean')
        fail(`${where}.enabled must be true or false, got ${show(enabled)}`);
      checkRectangleBox(kf, fail, where);
    }
  }
  const labels = value['labels'];
  if (labels === undefined) return;
  const toName = ctx.object?.name;
  const sources = ctx.config.controls.filter(
    (c) => c.tag === 'Labels' && toName !== undefined && c.toName.includes(toName),
  );
  if (sources.length === 0) {
    fail(
      `value.labels is set but no <Labels> control targets "${String(toName)}": ` +
        `add <Labels toName="${String(toName)}"> to the config or drop the labels`,
    );
    return;
  }
  checkLabelList(
    labels,
    'labels',
    ctx.control,
    fail,
    sources.flatMap((s) => s.labels),
    sources.map((s) => `<Labels name="${s.name}">`).join(' / '),
  );
}
