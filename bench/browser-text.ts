// Section `text`, browser side: the app's UI (drop a config + a .txt, Run,
// until done) against the same tasks through the Node predictor
// (predictTextTask, as `prelabel predict` calls it), in rounds: a browser run
// then a Node run, the ratio taken within the round, the figure their median
// (the VM's speed drifts within a minute). Two projects: the built-in entity
// tagger (no weights) and a dropped stories260K folder (greedy, the app's 64
// new tokens). Long main-thread tasks come from the probes of browser.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import { parseLabelingConfig } from '../src/core/config';
import type { LsPrediction } from '../src/core/results/types';
import { importTaskFile } from '../src/core/tasks';
import {
  predictTextTask,
  releaseModel,
  textTargetOf,
  type OpenedPackageModel,
} from '../src/models/predictor';
import { openPackagePath } from '../src/models/predictor/node-package';
import type { Generation } from '../src/models/text-generation/generate';
import { openApp, type AppPage, type LongTaskSummary } from './browser';
import { mergeLongTasks, pipelineRun, waitForModel, type PipelineRun } from './browser-detection';
import { writeText } from './fixtures';
import { median } from './stats';

const TAGGER_CONFIG = `<View>
  <Text name="text" value="$text"/>
  <Labels name="ner" toName="text">
    <Label value="PER" predicted_values="Person"/><Label value="LOC" predicted_values="Place"/>
    <Label value="ORG" predicted_values="Organization"/><Label value="Date"/><Label value="Email"/>
  </Labels>
</View>`;
const REPLY_CONFIG = `<View><Text name="text" value="$text"/><TextArea name="reply" toName="text"/></View>`;
/** What the app's worker generates with (src/engine/model-loader.ts): greedy, 64 new tokens. */
const APP_GENERATION = { generation: { strategy: 'greedy', keepPromptEnd: true } };
export const APP_MAX_TOKENS = 64;
export const PROMPTS = [
  'Once upon a time',
  'Lily and Tom went to the park',
  'The little dog was sad because',
  'One day, a big bird',
];

export interface TextRound {
  browser: PipelineRun;
  nodeMs: number;
  /** Browser tasks/s ÷ Node tasks/s in this round. */
  ratio: number;
}

export interface BrowserTextResult {
  tasks: number;
  loadMs: number;
  backend: string | null;
  coldRun: PipelineRun;
  rounds: TextRound[];
  ratio: number;
  browserTasksPerSecond: number;
  nodeTasksPerSecond: number;
  longTasks: LongTaskSummary;
  /** Generation: tokens per pass (from Node's ids) and replies that differ from Node's. */
  tokens?: number;
  differing?: number;
}

interface Project {
  name: string;
  config: string;
  lines: string[];
  /** Files dropped besides the config and the .txt (a model folder's). */
  files: string[];
  /** `builtin-entities` or a model folder. */
  model: string;
}

async function openProject(browser: Browser, url: string, dir: string, project: Project) {
  const config = writeText(join(dir, `${project.name}.xml`), project.config);
  const txt = writeText(join(dir, `${project.name}.txt`), project.lines.join('\n'));
  const app = await openApp(browser, url);
  const startedAt = performance.now();
  await app.page.getByTestId('file-input').setInputFiles([config, txt, ...project.files]);
  await app.page
    .locator(`[data-testid="task-count"][data-count="${project.lines.length}"]`)
    .waitFor({ timeout: 120_000 });
  await waitForModel(app);
  const loadMs = performance.now() - startedAt;
  if (!(await app.page.getByTestId('run-button').isEnabled())) {
    await app.close();
    throw new Error(`${project.name}: the app cannot run (Run is disabled)`);
  }
  const backend = await app.page
    .getByTestId('backend-info')
    .first()
    .getAttribute('data-backend', { timeout: 5_000 })
    .catch(() => null);
  return { app, loadMs, backend };
}

/** The same tasks (the .txt through the core importer) through predictTextTask on onnxruntime-node. */
async function openNodeProject(project: Project) {
  const config = parseLabelingConfig(project.config);
  const { tasks } = importTaskFile(`${project.name}.txt`, project.lines.join('\n'), {
    dataKey: 'text',
  });
  const model = (await openPackagePath(project.model, APP_GENERATION, 'node')) as
    OpenedPackageModel | undefined;
  if (!model) throw new Error(`${project.model}: not a text model`);
  const settings = {
    config,
    target: textTargetOf(model, config),
    modelVersion: 'bench',
  };
  return {
    async run() {
      const t0 = performance.now();
      const outcomes = [];
      for (const [index, task] of tasks.entries()) {
        outcomes.push(await predictTextTask(model, { index, data: task.data }, settings));
      }
      return { ms: performance.now() - t0, outcomes };
    },
    release: () => releaseModel(model),
  };
}

/** The replies of the page's last run, from its export (a download). */
async function exportedReplies(app: AppPage): Promise<string[]> {
  const downloading = app.page.waitForEvent('download');
  await app.page.getByTestId('export-tasks-with-predictions').click();
  const path = await (await downloading).path();
  const tasks = JSON.parse(readFileSync(path, 'utf8')) as { predictions: LsPrediction[] }[];
  return tasks.map((t) => {
    const value = t.predictions[0]?.result[0]?.value as { text?: string[] } | undefined;
    return value?.text?.[0] ?? '';
  });
}

async function measure(
  browser: Browser,
  url: string,
  dir: string,
  project: Project,
  rounds: number,
  compare?: (app: AppPage, outcomes: { raw: unknown }[]) => Promise<Partial<BrowserTextResult>>,
): Promise<BrowserTextResult> {
  const node = await openNodeProject(project);
  try {
    const { app, loadMs, backend } = await openProject(browser, url, dir, project);
    try {
      const n = project.lines.length;
      const coldRun = await pipelineRun(app, n, `${project.name}-cold`);
      const warm = await node.run();
      const extra = compare ? await compare(app, warm.outcomes) : {};
      const all: TextRound[] = [];
      for (let r = 0; r < rounds; r++) {
        const run = await pipelineRun(app, n, `${project.name}-${r}`);
        const { ms } = await node.run();
        all.push({ browser: run, nodeMs: ms, ratio: run.tasksPerSecond / ((n * 1000) / ms) });
        console.log(
          `  round ${r + 1}: browser ${run.tasksPerSecond.toFixed(1)} tasks/s, node ${((n * 1000) / ms).toFixed(1)} tasks/s`,
        );
      }
      return {
        tasks: n,
        loadMs,
        backend,
        coldRun,
        rounds: all,
        ratio: median(all.map((x) => x.ratio)),
        browserTasksPerSecond: median(all.map((x) => x.browser.tasksPerSecond)),
        nodeTasksPerSecond: median(all.map((x) => (n * 1000) / x.nodeMs)),
        longTasks: mergeLongTasks([coldRun, ...all.map((x) => x.browser)].map((x) => x.longTasks)),
        ...extra,
      };
    } finally {
      await app.close();
    }
  } finally {
    await node.release();
  }
}

export function browserTagger(
  browser: Browser,
  url: string,
  dir: string,
  lines: string[],
  rounds: number,
): Promise<BrowserTextResult> {
  const project = {
    name: 'tagger',
    config: TAGGER_CONFIG,
    lines,
    files: [],
    model: 'builtin-entities',
  };
  return measure(browser, url, dir, project, rounds);
}

export function browserGeneration(
  browser: Browser,
  url: string,
  dir: string,
  modelDir: string,
  rounds: number,
): Promise<BrowserTextResult> {
  const project = {
    name: 'stories',
    config: REPLY_CONFIG,
    lines: PROMPTS,
    files: [join(modelDir, 'model.onnx'), join(modelDir, 'tok512.bin')],
    model: modelDir,
  };
  // Greedy on both sides: the same replies, so Node's token counts are the page's.
  return measure(browser, url, dir, project, rounds, async (app, outcomes) => {
    const replies = await exportedReplies(app);
    const generations = outcomes.map((o) => o.raw as Generation);
    return {
      tokens: generations.reduce((s, g) => s + g.ids.length, 0),
      differing: generations.filter((g, i) => g.text.trim() !== replies[i]).length,
    };
  });
}
