// A stored head as a model of the shared predictor: opened by the text
// classification family exactly as `prelabel predict --model head.json` opens
// the same file (the file's bytes name it in model_version), and each task
// predicted by predictTextTask. So the watch loop pushes what the CLI would
// write for that head, model_version included.
import type { LabelingConfig } from '../../core/config/types';
import type { LsTask } from '../../core/tasks/types';
import {
  defaultTextThreshold,
  openPackageModel,
  packageModelVersion,
  predictTextTask,
  textTargetOf,
  type OnnxRuntime,
  type OpenedPackageModel,
  type TextRunSettings,
  type TextTaskOutcome,
} from '../../models/predictor';

/** A text head runs no ONNX session. */
const NO_RUNTIME: OnnxRuntime = {
  createSession: () => Promise.reject(new Error('a text head needs no ONNX session')),
};

export async function openHeadFile(
  fileName: string,
  fileText: string,
): Promise<OpenedPackageModel> {
  const json: unknown = JSON.parse(fileText);
  const model = await openPackageModel(
    {
      name: fileName,
      listing: { files: [fileName], json: { [fileName]: json } },
      read: {
        bytes: async () => new TextEncoder().encode(fileText),
        text: async () => fileText,
      },
    },
    NO_RUNTIME,
  );
  if (!model || model.family.modality !== 'text') {
    throw new Error(`${fileName} is not a text head`);
  }
  return model;
}

export interface HeadPredictor {
  modelVersion: string;
  fromName: string;
  predict(task: LsTask, index: number): Promise<TextTaskOutcome>;
}

/**
 * The head's predictor for a config: its `<Choices>` (`control`, else the
 * first that fits), labels mapped by name, the default threshold (0.5), and
 * model_version as the app's run and `prelabel predict --model head.json`
 * compute it for those settings.
 */
export async function headPredictor(
  model: OpenedPackageModel,
  config: LabelingConfig,
  control?: string,
): Promise<HeadPredictor> {
  const chosen = control ? config.controls.find((c) => c.name === control) : undefined;
  const toName = chosen?.toName[0];
  const target = textTargetOf(model, config, toName ? { toName } : {});
  const modelVersion = await packageModelVersion(model, {
    target: [target.fromName, target.toName],
    mapping: target.mapping,
    conf: defaultTextThreshold('choices'),
  });
  const settings: TextRunSettings = { config, target, modelVersion };
  return {
    modelVersion,
    fromName: target.fromName,
    predict: (task, index) => predictTextTask(model, { index, data: task.data }, settings),
  };
}
