import { describe, expect, it } from 'vitest';
import {
  builtinPackages,
  detectFamily,
  families,
  getFamily,
  manifestForBareModel,
  recognisePackage,
} from './registry';
import { ModelLayoutError } from './shared/errors';
import type { ModelIO } from './shared/model-io';

const image = (w: number, h: number) => ({ name: 'images', dims: [1, 3, h, w] });
const single = (w: number, h: number, dims: (number | string)[], name = 'output0'): ModelIO => ({
  inputs: [image(w, h)],
  outputs: [{ name, dims }],
});
const nanodetIO: ModelIO = {
  inputs: [{ name: 'image', dims: [1, 3, 320, 320] }],
  outputs: [
    { name: 'cls_score0', dims: [1600, 80] },
    { name: 'bbox_pred0', dims: [400, 80] },
    { name: 'cls_score1', dims: [100, 80] },
    { name: 'bbox_pred1', dims: [1600, 32] },
    { name: 'cls_score2', dims: [400, 32] },
    { name: 'bbox_pred2', dims: [100, 32] },
  ],
};
const ultralyticsMeta = {
  author: 'Ultralytics',
  task: 'detect',
  names: "{0: 'a', 1: 'b'}",
  imgsz: '[640, 640]',
};

describe('families registry', () => {
  it('holds each family under its own id', () => {
    for (const [id, family] of Object.entries(families)) expect(family.id).toBe(id);
    expect(getFamily('yolox').id).toBe('yolox');
  });

  it('names the known families for an unknown id', () => {
    expect(() => getFamily('detr')).toThrow(
      /Unknown model family "detr" \(known: ultralytics, .*yolox, nanodet, .*classification, ocr/,
    );
  });
});

describe('detectFamily', () => {
  it('trusts Ultralytics metadata', () => {
    const guess = detectFamily(single(640, 640, [1, 6, 8400]), ultralyticsMeta);
    expect(guess.family).toBe('ultralytics');
    expect(guess.reason).toMatch(/metadata/);
  });

  it('recognises Ultralytics heads by shape alone', () => {
    expect(detectFamily(single(640, 640, [1, 84, 8400])).family).toBe('ultralytics');
    expect(detectFamily(single(640, 640, [1, 300, 6])).family).toBe('ultralytics');
    // YOLOv5: 3 anchors per cell → 3 × 8400 rows at 640.
    expect(detectFamily(single(640, 640, [1, 25200, 85])).family).toBe('ultralytics');
  });

  it('tells YOLOX from YOLOv5 by the anchor count (one per cell)', () => {
    expect(detectFamily(single(416, 416, [1, 3549, 85], 'output')).family).toBe('yolox');
    expect(detectFamily(single(640, 640, [1, 8400, 85], 'output')).family).toBe('yolox');
  });

  it('recognises NanoDet by its six per-stride outputs', () => {
    expect(detectFamily(nanodetIO).family).toBe('nanodet');
  });

  it('explains an unknown output layout', () => {
    const call = () => detectFamily(single(640, 640, [1, 7, 9]));
    expect(call).toThrow(ModelLayoutError);
    expect(call).toThrow(
      /output0 has shape \[1,7,9\] — expected \[1,4\+classes,N\] \(Ultralytics\), \[1,300,6\] \(end2end\), \[1,N,5\+classes\] \(YOLOv5\); or .*\(YOLOX\); or .*\(NanoDet\)/,
    );
  });

  it('explains an input that is not one image tensor', () => {
    const text: ModelIO = {
      inputs: [{ name: 'input_ids', dims: [1, 30] }],
      outputs: [{ name: 'p', dims: [1, 10] }],
    };
    expect(() => detectFamily(text)).toThrow(
      /input "input_ids" has shape \[1,30\] — expected a single image input \[1,3,H,W\]/,
    );
    const two: ModelIO = {
      inputs: [image(640, 640), { name: 'scale', dims: [1, 2] }],
      outputs: [],
    };
    expect(() => detectFamily(two)).toThrow(/2 inputs \(images \[1,3,640,640\], scale \[1,2\]\)/);
  });

  it('routes an Ultralytics classifier to the Ultralytics -cls family', () => {
    expect(
      detectFamily(single(224, 224, [1, 1000]), { ...ultralyticsMeta, task: 'classify' }).family,
    ).toBe('ultralytics-cls');
  });

  it('refuses an Ultralytics model whose task no family handles', () => {
    expect(() =>
      detectFamily(single(224, 224, [1, 1000]), { ...ultralyticsMeta, task: 'depth' }),
    ).toThrow(/depth/);
  });
});

describe('manifestForBareModel', () => {
  it('builds an Ultralytics manifest from metadata', () => {
    const m = manifestForBareModel(single(640, 640, [1, 6, 8400]), ultralyticsMeta, 'best.onnx');
    expect(m).toMatchObject({ family: 'ultralytics', id: 'best', classNames: ['a', 'b'] });
  });

  it('builds a YOLOX manifest with COCO names for 80 classes', () => {
    const m = manifestForBareModel(
      single(416, 416, [1, 3549, 85], 'output'),
      {},
      'yolox_nano.onnx',
    );
    expect(m).toMatchObject({
      family: 'yolox',
      id: 'yolox_nano',
      preprocess: { width: 416, channelOrder: 'BGR', anchor: 'top-left' },
    });
    expect(m.classNames[0]).toBe('person');
    expect(m.classNames).toHaveLength(80);
  });

  it('builds a NanoDet manifest and generic names for other class counts', () => {
    expect(manifestForBareModel(nanodetIO, {}, 'n.onnx').family).toBe('nanodet');
    const m = manifestForBareModel(single(640, 640, [1, 7, 8400]), {}, 'custom.onnx');
    expect(m.classNames).toEqual(['class0', 'class1', 'class2']);
    expect(m.decode).toEqual({ layout: 'detect' });
  });
});

describe('recognisePackage (text families)', () => {
  const bio = { id2label: { 0: 'O', 1: 'B-PER', 2: 'I-PER' } };
  const familyOf = (files: string[], json: Record<string, unknown> = {}) =>
    recognisePackage({ files, json })?.family.id ?? null;

  it('gives each folder to the family whose files it holds', () => {
    const manifest = {
      family: 'text-classification',
      id: 'wl',
      name: 'wl',
      file: 'm.onnx',
      classNames: ['a', 'b'],
      tokenizer: { scheme: 'word-vocab', vocab: 'v.json', maxLength: 8 },
    };
    expect(familyOf(['m.onnx', 'manifest.json'], { 'manifest.json': manifest })).toBe(
      'text-classification',
    );
    const ner = ['config.json', 'model.onnx', 'tokenizer.json'];
    expect(familyOf(ner, { 'config.json': bio })).toBe('text-entities');
    // the same layout without BIO tags is a language model
    expect(familyOf(ner, { 'config.json': { architectures: ['GPT2LMHeadModel'] } })).toBe(
      'text-generation',
    );
    expect(familyOf(['model.onnx', 'tok512.bin'])).toBe('text-generation');
  });

  it('leaves image packages and unknown folders to others (null)', () => {
    expect(familyOf(['m.onnx', 'manifest.json'], { 'manifest.json': { family: 'yolox' } })).toBe(
      null,
    );
    expect(familyOf(['a.onnx', 'b.onnx', 'notes.txt'])).toBe(null);
  });

  it('names what is missing or broken in a package it claims', () => {
    expect(() => familyOf(['config.json', 'tokenizer.json'], { 'config.json': bio })).toThrow(
      /token classifier needs model.onnx/,
    );
    expect(() =>
      familyOf(['m.onnx', 'manifest.json'], {
        'manifest.json': { family: 'text-classification', file: 'm.onnx' },
      }),
    ).toThrow(/^manifest.json: /);
    expect(() => familyOf(['h.json'], { 'h.json': { hello: 1 } })).toThrow(
      /h.json: not a Prelabel head file/,
    );
  });

  it('gives audio folders to the audio families, a Whisper folder before the LM layout it fits', () => {
    expect(
      familyOf(['manifest.json', 'silero_vad_v6.onnx'], {
        'manifest.json': { family: 'audio-vad', file: 'silero_vad_v6.onnx' },
      }),
    ).toBe('audio-vad');
    const whisper = [
      'config.json',
      'generation_config.json',
      'onnx/decoder_model_merged.onnx',
      'onnx/encoder_model.onnx',
      'tokenizer.json',
    ];
    expect(
      familyOf(whisper, { 'config.json': { architectures: ['WhisperForConditionalGeneration'] } }),
    ).toBe('audio-asr');
    expect(familyOf(['model.onnx', 'preprocessor_config.json', 'vocab.json'])).toBe('audio-asr');
    // a GPT-2 folder has a vocab.json too, with its tokenizer.json: a language model
    expect(familyOf(['merges.txt', 'model.onnx', 'tokenizer.json', 'vocab.json'])).toBe(
      'text-generation',
    );
    expect(() => familyOf(['embedding_model.onnx', 'melspectrogram.onnx'])).toThrow(
      /feature models alone only give embeddings: add the trained head.json/,
    );
    expect(familyOf(['embedding_model.onnx', 'head.json', 'melspectrogram.onnx'])).toBe(
      'audio-classification',
    );
  });

  it('gives an image head file (learner dense-logreg) to the image-head family, naming a broken one', () => {
    const head = {
      format: 'prelabel-head',
      formatVersion: 1,
      learner: 'dense-logreg',
      labels: ['a', 'b'],
      model: { params: '', classes: [0, 1], fixed: [null, null] },
      features: { kind: 'dense' },
    };
    expect(familyOf(['h.json'], { 'h.json': head })).toBe('image-head');
    expect(() =>
      familyOf(['h.json'], { 'h.json': { ...head, features: { kind: 'hashed-tfidf' } } }),
    ).toThrow(/h.json: not a Prelabel head file \(a dense head needs "dense" features\)/);
    expect(() =>
      familyOf(['h.json'], { 'h.json': { ...head, learner: 'text-tfidf-logreg' } }),
    ).toThrow(/a text head needs "hashed-tfidf" features/);
  });

  it('holds the built-in tagger under its id', () => {
    expect(builtinPackages['builtin-entities']?.family.id).toBe('text-entities');
  });
});
