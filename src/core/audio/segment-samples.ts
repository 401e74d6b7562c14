// The samples of given time spans, cut from a stream of chunks: each span is
// yielded as soon as the stream has passed its end, so memory holds only the
// spans still open (not the file).

import type { PcmChunk } from './pcm';

export interface TimeSpan {
  start: number;
  end: number;
}

export interface SpanSamples<S extends TimeSpan> {
  span: S;
  index: number;
  samples: Float32Array;
}

export async function* samplesOfSpans<S extends TimeSpan>(
  chunks: AsyncIterable<PcmChunk> | Iterable<PcmChunk>,
  spans: readonly S[],
): AsyncGenerator<SpanSamples<S>> {
  const order = spans
    .map((span, index) => ({ span, index }))
    .sort((a, b) => a.span.start - b.span.start);
  const open = new Map<number, { from: number; buffer: Float32Array }>();
  let next = 0;
  let rate = 0;
  let position = 0; // samples seen so far
  const finish = function* (upTo: number) {
    for (const [index, o] of [...open].sort((a, b) => a[0] - b[0])) {
      const span = spans[index]!;
      if (Math.round(span.end * rate) <= upTo) {
        open.delete(index);
        yield { span, index, samples: o.buffer };
      }
    }
  };
  for await (const chunk of chunks) {
    rate = chunk.sampleRate;
    const from = position;
    const to = position + chunk.samples.length;
    while (next < order.length && Math.round(order[next]!.span.start * rate) < to) {
      const { span, index } = order[next++]!;
      const a = Math.max(0, Math.round(span.start * rate));
      const b = Math.max(a, Math.round(span.end * rate));
      open.set(index, { from: a, buffer: new Float32Array(b - a) });
    }
    for (const o of open.values()) {
      const a = Math.max(o.from, from);
      const b = Math.min(o.from + o.buffer.length, to);
      if (b > a) o.buffer.set(chunk.samples.subarray(a - from, b - from), a - o.from);
    }
    position = to;
    yield* finish(position);
  }
  // Spans running past the end keep what the audio had (the rest stays silent).
  for (const [index, o] of open) yield { span: spans[index]!, index, samples: o.buffer };
}
