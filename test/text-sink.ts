// A writable stream that keeps what was written: the CLI's stdout and stderr in tests.
import { Writable } from 'node:stream';

export function textSink(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}
