// `prelabel train` on <Choices> on an <Audio>: each annotated clip's pooled
// openWakeWord embedding (the very function the audio-classification family
// classifies with), the dense learner, and a model folder that family opens:
// the two feature models of the built-in `openwakeword-embedding` plus the
// head folded into head.json {classNames, weights, bias}.
import type { LabelingConfig } from '../core/config';
import { examplesFromTasks } from '../core/annotations';
import { AUDIO_OBJECTS } from '../core/mapping/audio-targets';
import type { estimateDenseQuality } from '../learn';
import {
  audioEmbeddings,
  learnAudioHead,
  openEmbedding,
  writeAudioModel,
} from './audio-head-training';
import { loadCliTasks } from './load-tasks';
import { loadTaskMedia } from './task-image';
import type { TrainArgs } from './train';

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
  const models = await openEmbedding();
  const features: Float32Array[] = [];
  const labels: string[][] = [];
  try {
    const embeddings = await audioEmbeddings(models, extracted.examples, async (example) => ({
      bytes: await loadTaskMedia(example.text, cliTasks),
      name: String(example.text),
    }));
    embeddings.forEach((f, k) => {
      const example = extracted.examples[k]!;
      if (f instanceof Error) {
        err.write(`task ${example.taskIndex + 1}: ${f.message}; not learnt from\n`);
        return;
      }
      features.push(f);
      labels.push(example.labels);
    });
  } finally {
    await models.release();
  }
  if (features.length === 0) {
    err.write(
      `error: no usable annotated audio for <Choices name="${source.control}"> in ${args.tasks}\n`,
    );
    return 2;
  }
  const { head, quality, text } = learnAudioHead(features, labels, source.labels, args.options);
  await writeAudioModel(args.out, text);
  out.write(
    `learnt <Choices name="${source.control}"> from the openWakeWord embeddings of ${head.annotationCount} annotated clips of ${cliTasks.tasks.length} tasks` +
      ` (${head.features.dimension} values; head.json + the two feature models in ${args.out})\n`,
  );
  summary(source.labels, labels, quality, head.training, args.out, head.modelVersion);
  return 0;
}
