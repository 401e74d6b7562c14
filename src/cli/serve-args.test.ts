// `prelabel serve` options: defaults, model options, and usage errors.
import { describe, expect, it } from 'vitest';
import { UsageError } from './predict-args';
import { parseServeArgs } from './serve-args';

describe('parseServeArgs', () => {
  it('defaults to the text learner on 127.0.0.1:9090', () => {
    const args = parseServeArgs([], {});
    expect(args).toMatchObject({
      host: '127.0.0.1',
      port: 9090,
      webhookOpen: false,
      logLevel: 'info',
    });
    expect(args.model).toBeUndefined();
    expect(args.stateDir).toMatch(/\.prelabel-serve$/);
  });

  it('takes the text generation options of prelabel predict for a language model', () => {
    const args = parseServeArgs(
      ['--model', 'lm', '--prompt', 'Q: $text', '--max-tokens', '8', '--stop', '\\n'],
      {},
    );
    expect(args.model).toMatchObject({
      model: 'lm',
      prompt: 'Q: $text',
      generation: { strategy: 'greedy', maxNewTokens: 8, stop: ['\n'] },
    });
    expect(() => parseServeArgs(['--prompt', 'x'], {})).toThrow('--prompt needs --model');
  });

  it('takes the Whisper options of prelabel predict for a speech model', () => {
    const args = parseServeArgs(
      [
        '--model',
        'whisper/',
        '--language',
        'de',
        '--speech-task',
        'translate',
        '--max-tokens',
        '64',
      ],
      {},
    );
    expect(args.model).toMatchObject({
      model: 'whisper/',
      speech: { language: 'de', task: 'translate' },
      generation: { strategy: 'greedy', maxNewTokens: 64 },
    });
    expect(parseServeArgs(['--model', 'm.onnx'], {}).model).not.toHaveProperty('speech');
    expect(() => parseServeArgs(['--language', 'de'], {})).toThrow('--language needs --model');
    expect(() => parseServeArgs(['--model', 'w', '--speech-task', 'x'], {})).toThrow(
      '--speech-task must be transcribe or translate, got "x"',
    );
  });

  it('takes the model options of prelabel predict', () => {
    const args = parseServeArgs(
      [
        '--model',
        'm.onnx',
        '--labels',
        'l.txt',
        '--family',
        'yolox',
        '--conf',
        '0.4',
        '--port',
        '0',
      ],
      {},
    );
    expect(args.model).toEqual({
      model: 'm.onnx',
      labels: 'l.txt',
      family: 'yolox',
      conf: 0.4,
      target: undefined,
      iou: undefined,
      maxDet: undefined,
      map: undefined,
      modelVersion: undefined,
    });
    expect(args.port).toBe(0);
  });

  it('takes --backbone for an image head', () => {
    const args = parseServeArgs(['--model', 'head.json', '--backbone', 'm.onnx'], {});
    expect(args.model).toMatchObject({ model: 'head.json', backbone: 'm.onnx' });
    expect(args.backbone).toBe('m.onnx');
  });

  it('takes --backbone without --model: the image learner’s backbone', () => {
    const args = parseServeArgs(['--backbone', 'm.onnx'], {});
    expect(args.model).toBeUndefined();
    expect(args.backbone).toBe('m.onnx');
  });

  it('reads --basic-auth (or PRELABEL_BASIC_AUTH), passwords with colons included', () => {
    expect(parseServeArgs(['--basic-auth', 'u:p:w'], {}).basicAuth).toEqual({
      user: 'u',
      pass: 'p:w',
    });
    expect(parseServeArgs([], { PRELABEL_BASIC_AUTH: 'a:b' }).basicAuth).toEqual({
      user: 'a',
      pass: 'b',
    });
  });

  it('refuses what cannot work, naming the option', () => {
    const bad: [string[], RegExp][] = [
      [['--labels', 'l.txt'], /--labels needs --model/],
      [['--port', '70000'], /--port must be a number/],
      [['--basic-auth', 'nopass'], /--basic-auth must be user:password/],
      [['--webhook-open'], /--webhook-open only makes sense with --basic-auth/],
      [['--log-level', 'loud'], /--log-level must be one of/],
    ];
    for (const [argv, message] of bad) {
      expect(() => parseServeArgs(argv, {})).toThrow(UsageError);
      expect(() => parseServeArgs(argv, {})).toThrow(message);
    }
  });
});
