import { describe, expect, it } from 'vitest';
import { classifyDrop, type DroppedFile } from './classify';
import { claimManifestFiles, packageSource } from './package-drop';

const dropped = (path: string, text = 'x'): DroppedFile => ({
  path,
  file: new File([text], path.split('/').pop()!),
});

const MANIFEST = JSON.stringify({
  family: 'text-classification',
  file: 'topic.onnx',
  labels: 'topic.labels.json',
  tokenizer: { scheme: 'word-vocab', vocab: 'topic.vocab.json', maxLength: 30 },
});

describe('a dropped text model folder', () => {
  it('takes the files its manifest names, leaving the task files and the config', async () => {
    const drop = classifyDrop([
      dropped('config.xml'),
      dropped('tasks.json'),
      dropped('manifest.json', MANIFEST),
      dropped('topic.onnx'),
      dropped('topic.labels.json', '["a","b"]'),
      dropped('topic.vocab.json'),
    ]);
    await claimManifestFiles(drop);
    expect(drop.models).toEqual([]);
    expect(drop.taskFiles.map((e) => e.path)).toEqual(['tasks.json']);
    expect(drop.labels).toEqual([]);
    const source = packageSource(drop.packages);
    expect(source?.kind === 'package' && source.files.map((f) => f.path).sort()).toEqual([
      'manifest.json',
      'topic.labels.json',
      'topic.onnx',
      'topic.vocab.json',
    ]);
  });

  it('a Hugging Face folder (onnx/ subfolder) keeps its paths relative to the folder', async () => {
    const drop = classifyDrop([
      dropped('ner-model/config.json', '{}'),
      dropped('ner-model/tokenizer.json', '{}'),
      dropped('ner-model/tokenizer_config.json', '{}'),
      dropped('ner-model/onnx/model.onnx'),
      dropped('ner-model/README.md'),
      dropped('texts.txt'),
    ]);
    await claimManifestFiles(drop);
    expect(drop.taskFiles.map((e) => e.path)).toEqual(['texts.txt']);
    const source = packageSource(drop.packages);
    expect(source).toEqual({
      kind: 'package',
      name: 'ner-model',
      files: expect.arrayContaining([
        expect.objectContaining({ path: 'onnx/model.onnx' }),
        expect.objectContaining({ path: 'tokenizer.json' }),
      ]),
    });
    expect(source?.kind === 'package' && source.files).toHaveLength(4);
  });

  it('an .onnx without descriptors stays an image model', () => {
    const drop = classifyDrop([dropped('yolo.onnx'), dropped('coco.txt'), dropped('tasks.json')]);
    expect(drop.models.map((e) => e.path)).toEqual(['yolo.onnx']);
    expect(drop.packages).toEqual([]);
  });
});

describe('a dropped audio model folder', () => {
  it('a Whisper folder (onnx/ + tokenizer and configs) is one package, beside the audio tasks', () => {
    const drop = classifyDrop([
      dropped('audio.xml'),
      dropped('clip.wav'),
      dropped('whisper-tiny/config.json', '{}'),
      dropped('whisper-tiny/generation_config.json', '{}'),
      dropped('whisper-tiny/preprocessor_config.json', '{}'),
      dropped('whisper-tiny/tokenizer.json', '{}'),
      dropped('whisper-tiny/onnx/encoder_model.onnx'),
      dropped('whisper-tiny/onnx/decoder_model_merged.onnx'),
    ]);
    expect(drop.taskFiles).toEqual([]);
    expect(drop.media.map((e) => e.path)).toEqual(['clip.wav']);
    expect(packageSource(drop.packages)).toMatchObject({
      kind: 'package',
      name: 'whisper-tiny',
    });
    expect(drop.packages).toHaveLength(6);
  });

  it('a sound classifier (feature models + head.json) and a CTC folder (.onnx + vocab.json)', () => {
    const sound = classifyDrop([
      dropped('sounds/melspectrogram.onnx'),
      dropped('sounds/embedding_model.onnx'),
      dropped('sounds/head.json', '{}'),
    ]);
    expect(sound.models).toEqual([]);
    expect(sound.taskFiles).toEqual([]);
    expect(sound.packages).toHaveLength(3);
    const ctc = classifyDrop([dropped('w2v/model.onnx'), dropped('w2v/vocab.json', '{}')]);
    expect(ctc.models).toEqual([]);
    expect(ctc.taskFiles).toEqual([]);
    expect(packageSource(ctc.packages)).toMatchObject({ name: 'w2v' });
  });
});
