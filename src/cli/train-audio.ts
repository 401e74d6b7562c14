// `prelabel train` on <Choices> on an <Audio>: each annotated clip's pooled
// openWakeWord embedding (the very function the audio-classification family
// classifies with), the dense learner, and a model folder that family opens:
// the two feature models of the built-in `openwakeword-embedding` plus the
// head folded into head.json {classNames, weights, bias}.
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LabelingConfig } from '../core/config';
import { examplesFromTasks } from '../core/annotations';
import { AUDIO_OBJECTS } from '../core/mapping/audio-targets';
import { estimateDenseQuality, trainDense } from '../learn';
import { softmaxLayerText } from '../learn/linear-head';
import {
  FEATURE_FOLDER_FILES,
  SOUND_CLASS_HEAD,
  streamEmbedding,
} from '../models/audio-classification/clip-embedding';
import { loadNodeEmbedding } from '../models/audio-classification/node-embedding';
import { audioStreamOf } from '../models/predictor/audio-stream';
import { BUILTIN_DIR } from './load-model';
import { loadCliTasks } from './load-tasks';
import { loadTaskMedia } from './task-image';
import type { TrainArgs } from './train';

const EMBEDDING_DIR = join(BUILTIN_DIR, 'openwakeword-embedding');

export async function trainAudioHead(
  args: TrainArgs,
  config: LabelingConfig,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
  summary: (
    labelList: string[],
    exampleLabels: string[][],
    quality: ReturnType<typeof estimateDenseQuality>,
    training: { converged: boolean; iterations: number },
    path: string,
    modelVersion: string,
  ) => void,
): Promise<number> {
  if (args.options.hidden) {
    err.write(
      'error: --hidden is not available for audio heads (the sound-class family reads a linear head)\n',
    );
    return 2;
  }
  if (args.out.endsWith('.json')) {
    err.write(
      `error: --out ${args.out}: an audio head is a folder (head.json + the openWakeWord feature models), give a folder name\n`,
    );
    return 2;
  }
  const cliTasks = await loadCliTasks(args.tasks, config);
  for (const issue of cliTasks.issues.slice(0, 20)) err.write(`${issue.message}\n`);
  const extracted = examplesFromTasks(config, cliTasks.tasks, {
    objectTags: AUDIO_OBJECTS,
    ...(args.control ? { control: args.control } : {}),
  });
  for (const p of extracted.problems.slice(0, 20)) err.write(`${p.message}\n`);
  const { source } = extracted;
  if (!source) return 2;
  if (source.multiple) {
    err.write(
      `error: <Choices name="${source.control}"> is choice="multiple": audio heads give one label per clip (the sound-class family uses softmax)\n`,
    );
    return 2;
  }
  const models = await loadNodeEmbedding(EMBEDDING_DIR);
  const features: Float32Array[] = [];
  const labels: string[][] = [];
  try {
    for (const example of extracted.examples) {
      try {
        const bytes = await loadTaskMedia(example.text, cliTasks);
        features.push(await streamEmbedding(models, audioStreamOf(bytes, String(example.text))));
        labels.push(example.labels);
      } catch (error) {
        err.write(`task ${example.taskIndex + 1}: ${(error as Error).message}; not learnt from\n`);
      }
    }
  } finally {
    await models.release();
  }
  if (features.length === 0) {
    err.write(
      `error: no usable annotated audio for <Choices name="${source.control}"> in ${args.tasks}\n`,
    );
    return 2;
  }
  const options = { ...args.options, labels: source.labels, multiple: false };
  const head = trainDense(features, labels, options);
  const quality = estimateDenseQuality(features, labels, options);
  await mkdir(args.out, { recursive: true });
  await writeFile(join(args.out, SOUND_CLASS_HEAD), softmaxLayerText(head));
  for (const file of FEATURE_FOLDER_FILES)
    await copyFile(join(EMBEDDING_DIR, file), join(args.out, file));
  out.write(
    `learnt <Choices name="${source.control}"> from the openWakeWord embeddings of ${head.annotationCount} annotated clips of ${cliTasks.tasks.length} tasks` +
      ` (${head.features.dimension} values; head.json + the two feature models in ${args.out})\n`,
  );
  summary(source.labels, labels, quality, head.training, args.out, head.modelVersion);
  return 0;
}
