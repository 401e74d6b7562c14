// Section 1: one detector in the browser and on onnxruntime-node, measured in
// alternating rounds. This machine's speed drifts by up to 1.5× within a
// minute (a shared VM: the drift does not show as other processes' CPU), so
// each ratio is taken within a round from runs seconds apart, and the figure
// is the median of the rounds. A round: browser bare runs, a UI run, browser
// bare runs (the UI run's bare speed is the median of both sides), native
// bare runs, a native pipeline run.
import type { SessionBenchmark } from '../src/engine/bench/session-benchmark';
import {
  mergeLongTasks,
  type BrowserBackend,
  type BrowserDetection,
  type PipelineRun,
} from './browser-detection';
import type { LongTaskSummary } from './browser';
import type { CpuUsage } from './cpu';
import type { NodeDetection, NodePipelineRun } from './node-detection';
import { median, spread, type Spread } from './stats';

export interface DetectionRound {
  ui: PipelineRun;
  /** Browser bare session.run before and after the UI run (ms each). */
  bareMs: number[];
  bareCpu: CpuUsage[];
  nodeBareMs: number[];
  node: NodePipelineRun;
  /** UI run tasks/s ÷ bare tasks/s around it. */
  pipelineOverBare: number;
  /** UI run tasks/s ÷ native pipeline tasks/s. */
  wasmOverNativePipeline: number;
  /** Bare tasks/s in the browser ÷ native bare tasks/s. */
  wasmOverNativeBare: number;
}

export interface DetectionRoundsResult {
  loadMs: number;
  backend: BrowserBackend;
  coldRun: PipelineRun;
  rounds: DetectionRound[];
  pipelineTasksPerSecond: number;
  bareMs: Spread;
  bareTasksPerSecond: number;
  nodePipelineTasksPerSecond: number;
  nodeBareMs: Spread;
  nodeBareTasksPerSecond: number;
  /** Medians of the per-round ratios. */
  pipelineOverBare: number;
  wasmOverNativePipeline: number;
  wasmOverNativeBare: number;
  stagesMs: Record<keyof SessionBenchmark['stages'], Spread>;
  longTasks: LongTaskSummary;
  cli: { ms: number; tasksPerSecond: number; exitCode: number };
}

const perSecond = (ms: readonly number[]) => 1000 / median(ms);

export async function detectionRounds(
  browser: BrowserDetection,
  node: NodeDetection,
  opts: { rounds: number; bareRuns: number; profileTasks: number },
): Promise<DetectionRoundsResult> {
  const coldRun = await browser.uiRun('run-cold');
  // bareRuns timed browser runs in all, half before and half after each UI run.
  const side = Math.max(3, Math.ceil(opts.bareRuns / opts.rounds / 2));
  const rounds: DetectionRound[] = [];
  for (let r = 0; r < opts.rounds; r++) {
    const before = await browser.bare(side);
    const ui = await browser.uiRun(`run-warm-${r}`);
    const after = await browser.bare(side);
    const nodeBareMs = await node.bare(2 * side);
    const nodeRun = await node.pipeline();
    const bareMs = [...before.ms, ...after.ms];
    rounds.push({
      ui,
      bareMs,
      bareCpu: [before.cpu, after.cpu],
      nodeBareMs,
      node: nodeRun,
      pipelineOverBare: ui.tasksPerSecond / perSecond(bareMs),
      wasmOverNativePipeline: ui.tasksPerSecond / nodeRun.tasksPerSecond,
      wasmOverNativeBare: perSecond(bareMs) / perSecond(nodeBareMs),
    });
  }
  const stagesMs = await browser.stages(opts.profileTasks);
  const cli = await node.cli();
  const allBare = rounds.flatMap((r) => r.bareMs);
  const allNodeBare = rounds.flatMap((r) => r.nodeBareMs);
  const ofRounds = (pick: (r: DetectionRound) => number) => median(rounds.map(pick));
  return {
    loadMs: browser.loadMs,
    backend: browser.backend,
    coldRun,
    rounds,
    pipelineTasksPerSecond: ofRounds((r) => r.ui.tasksPerSecond),
    bareMs: spread(allBare),
    bareTasksPerSecond: perSecond(allBare),
    nodePipelineTasksPerSecond: ofRounds((r) => r.node.tasksPerSecond),
    nodeBareMs: spread(allNodeBare),
    nodeBareTasksPerSecond: perSecond(allNodeBare),
    pipelineOverBare: ofRounds((r) => r.pipelineOverBare),
    wasmOverNativePipeline: ofRounds((r) => r.wasmOverNativePipeline),
    wasmOverNativeBare: ofRounds((r) => r.wasmOverNativeBare),
    stagesMs,
    longTasks: mergeLongTasks([coldRun, ...rounds.map((r) => r.ui)].map((r) => r.longTasks)),
    cli,
  };
}
