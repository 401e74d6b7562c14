// Section `audio`, browser side: the app's UI (drop an Audio/Labels config and
// a long WAV, the built-in Silero VAD loads, Run, until done: decoding,
// resampling and the VAD all in the engine worker on onnxruntime-web) against
// the same file through onnxruntime-node (decode + resample + VAD, as `prelabel
// predict` streams it), in rounds: a browser run then a Node run, the ratio
// taken within the round, the figure their median.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import { openApp } from './browser';
import { pipelineRun, waitForModel, type PipelineRun } from './browser-detection';
import { writeText } from './fixtures';
import { median } from './stats';

const CONFIG = `<View>
  <Audio name="audio" value="$audio"/>
  <Labels name="speech" toName="audio"><Label value="Speech"/></Labels>
</View>`;

export interface AudioRound {
  browserRtf: number;
  nodeRtf: number;
  browser: PipelineRun;
}

export interface BrowserAudioResult {
  seconds: number;
  loadMs: number;
  backend: string | null;
  threads: string | null;
  coldRtf: number;
  rounds: AudioRound[];
  browserRtf: number;
  nodeRtf: number;
  /** Browser time ÷ Node time, the median of the rounds' ratios. */
  ratio: number;
}

/**
 * `wav`: the file's bytes (what the page gets dropped); `nodeRun`: the same
 * file through onnxruntime-node, its wall time in ms.
 */
export async function browserVad(
  browser: Browser,
  url: string,
  dir: string,
  wav: Uint8Array,
  seconds: number,
  rounds: number,
  nodeRun: () => Promise<number>,
): Promise<BrowserAudioResult> {
  const config = writeText(join(dir, 'vad.xml'), CONFIG);
  const file = join(dir, 'long-speech.wav');
  writeFileSync(file, wav);
  const app = await openApp(browser, url);
  try {
    const startedAt = performance.now();
    await app.page.getByTestId('file-input').setInputFiles([config, file]);
    await app.page
      .locator('[data-testid="task-count"][data-count="1"]')
      .waitFor({ timeout: 120_000 });
    await waitForModel(app);
    const loadMs = performance.now() - startedAt;
    const badge = app.page.getByTestId('backend-info').first();
    const backend = await badge.getAttribute('data-backend', { timeout: 5_000 }).catch(() => null);
    const threads = await badge.getAttribute('data-threads', { timeout: 5_000 }).catch(() => null);
    const cold = await pipelineRun(app, 1, 'vad-cold');
    if (cold.failed !== '0 failed') throw new Error(`the browser run failed: ${cold.failed}`);
    const all: AudioRound[] = [];
    for (let r = 0; r < rounds; r++) {
      const run = await pipelineRun(app, 1, `vad-${r}`);
      const nodeMs = await nodeRun();
      const round = {
        browser: run,
        browserRtf: run.ms / 1000 / seconds,
        nodeRtf: nodeMs / 1000 / seconds,
      };
      all.push(round);
      console.log(
        `  round ${r + 1}: browser RTF ${round.browserRtf.toFixed(4)}, node RTF ${round.nodeRtf.toFixed(4)}`,
      );
    }
    return {
      seconds,
      loadMs,
      backend,
      threads,
      coldRtf: cold.ms / 1000 / seconds,
      rounds: all,
      browserRtf: median(all.map((x) => x.browserRtf)),
      nodeRtf: median(all.map((x) => x.nodeRtf)),
      ratio: median(all.map((x) => x.browserRtf / x.nodeRtf)),
    };
  } finally {
    await app.close();
  }
}
