// `npm run bench`: throughput and cost figures of Prelabel on this machine,
// browser (built app in Chromium) and Node side by side in one run. Prints a
// Markdown table and writes .cache/bench/latest.json. Not part of `npm test`.
// Sizes: BENCH_IMAGES, BENCH_BARE_RUNS, BENCH_WARMUP, BENCH_OCR_IMAGES,
// BENCH_SCALE_TASKS, BENCH_RUN_TASKS, BENCH_RUN_MODEL, BENCH_MASK_REPEATS,
// BENCH_PUSH_ITEMS, BENCH_AUDIO_MINUTES, BENCH_LEARN_SEEDS, BENCH_TEXTS, BENCH_GEN_TOKENS,
// BENCH_ACTIVE_SEEDS, BENCH_ACTIVE_FIRST_SEED, BENCH_ACTIVE_BUDGET, BENCH_ACTIVE_TEXTS, BENCH_ACTIVE_IMAGES, BENCH_OCR_PARTS; sections:
// BENCH_ONLY=detection,ocr,segmentation,masks,scale,push,serve,text,audio,learn,active.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import { audioBench } from './audio';
import { launchBrowser, openApp } from './browser';
import { openBrowserDetection } from './browser-detection';
import {
  detectionRounds,
  type DetectionRound,
  type DetectionRoundsResult,
} from './detection-rounds';
import {
  BENCH,
  DIST_DIR,
  HAS_SHARED,
  MODELS_DIR,
  ROOT,
  SHARED_DIR,
  commandFor,
  type Section,
} from './config';
import { cpuProbe, othersShare, type CpuUsage } from './cpu';
import {
  DETECTION_CONFIG,
  SCALE_CONFIG,
  OCR_CONFIG,
  makeDetectionImages,
  makeTempDir,
  makeTextImages,
  makeTinyImages,
  writeTaskFile,
  writeText,
} from './fixtures';
import { activeSection } from './active/section';
import { IMAGES_CHART, TEXT_CHART, learnImagesChart, learnTextChart } from './learn-charts';
import { imageBench } from './learn-images';
import { imageFeaturesInWorker } from './learn-images-browser';
import { learnBench, loadCorpus, retrainBench, shortTexts } from './learn-text';
import { retrainTimings, type RetrainTimings } from '../src/engine/bench/learn-retrain';
import { maskCosts, nodeSegmentation } from './masks';
import { openNodeDetection } from './node-detection';
import { HAS_OCR_PACKAGE, browserOcr, nodeOcr } from './ocr';
import { TESSERACT, ocrAccuracy } from './ocr-accuracy';
import { Report, fmt } from './report';
import { corePush } from './push';
import { browserImport, browserScaleRun, coreExport } from './scale';
import { startImageHost, startPreview, type Running } from './servers';
import { healthWhileTraining, serveThroughput } from './serve';
import { textSection } from './text';
import { median, round } from './stats';

const report = new Report();
const tmp = makeTempDir();
const NO_SHARED = `skipped: needs the shared models and photos at ${SHARED_DIR} (absent)`;

let preview: Running | null = null;
let browser: Browser | null = null;
async function app(): Promise<{ browser: Browser; url: string }> {
  if (!existsSync(join(DIST_DIR, 'index.html'))) {
    throw new Error(`no build in ${DIST_DIR}: run \`vite build\` first (npm run bench does)`);
  }
  preview ??= await startPreview();
  browser ??= await launchBrowser();
  return { browser, url: preview.url };
}

let imagesCache: Promise<{ dir: string; paths: string[] }> | null = null;
function detectionImages() {
  imagesCache ??= (async () => {
    const dir = join(tmp.dir, 'images');
    mkdirSync(dir);
    return { dir, paths: await makeDetectionImages(dir, BENCH.images) };
  })();
  return imagesCache;
}

const pct = (x: number) => `${Math.round(x * 100)} %`;

async function detectionSection(): Promise<void> {
  if (!HAS_SHARED) return report.note('detection', NO_SHARED);
  const { dir, paths } = await detectionImages();
  const config = writeText(join(tmp.dir, 'detection.xml'), DETECTION_CONFIG);
  // BENCH_DETECTION_MODELS=YOLOX-nano-416 measures one model (while tuning it).
  const only = process.env.BENCH_DETECTION_MODELS?.split(',');
  const models = [
    { id: 'YOLOv8n-640', file: 'yolov8n-int8dyn-640.onnx' },
    { id: 'YOLOX-nano-416', file: 'yolox-nano-416.onnx', labels: 'labels/coco80.json' },
  ].filter((m) => !only || only.includes(m.id));
  const { browser, url } = await app();
  const n = paths.length;
  for (const model of models) {
    const modelPath = join(MODELS_DIR, model.file);
    const labelsPath = model.labels ? join(MODELS_DIR, model.labels) : undefined;
    console.log(`\n[detection] ${model.id}: ${n} images, browser and onnxruntime-node in rounds…`);
    const b = await openBrowserDetection(
      browser,
      url,
      [config, ...paths, modelPath, ...(labelsPath ? [labelsPath] : [])],
      n,
      BENCH.warmup,
    );
    let d: DetectionRoundsResult;
    try {
      const nd = await openNodeDetection(config, dir, modelPath, labelsPath, {
        warmup: BENCH.warmup,
        outPath: join(tmp.dir, `cli-${model.id}.json`),
      });
      try {
        d = await detectionRounds(b, nd, {
          rounds: BENCH.rounds,
          bareRuns: BENCH.bareRuns,
          profileTasks: Math.min(10, n),
        });
      } finally {
        await nd.release();
      }
    } finally {
      await b.close();
    }
    report.raw[`detection:${model.id}`] = d;
    reportDetection(model.id, n, d);
  }
}

const roundsOf = (d: DetectionRoundsResult, pick: (r: DetectionRound) => number) =>
  `rounds ${d.rounds.map((r) => pick(r).toFixed(2)).join(', ')}`;

function reportDetection(id: string, n: number, d: DetectionRoundsResult): void {
  const runs = d.rounds.map((r) => r.ui);
  const failed = runs.map((r) => r.failed).find((f) => f !== '0 failed');
  const ratioRow = (
    metric: string,
    value: number,
    pick: (r: DetectionRound) => number,
    target: number,
  ) =>
    report.add({
      section: 'detection',
      metric: `${id}: ${metric} (median of per-round ratios)`,
      value: `${fmt.ratio(value)} (${roundsOf(d, pick)})`,
      target: `≥ ${target}`,
      met: value >= target,
    });
  report.add({
    section: 'detection',
    metric: `${id}: browser full pipeline via the UI (${n} images, warm, median of ${runs.length} rounds)`,
    value: `${fmt.rate(d.pipelineTasksPerSecond)}${failed ? ` (${failed})` : ''}`,
    target: '',
  });
  report.add({
    section: 'detection',
    metric: `${id}: browser bare session.run, same page (${d.backend.backend}, ${d.backend.threads} threads)`,
    value: `${fmt.rate(d.bareTasksPerSecond)} (median ${fmt.ms(d.bareMs.median)}, p90 ${fmt.ms(d.bareMs.p90)})`,
    target: '',
  });
  ratioRow(
    'browser pipeline / bare session.run',
    d.pipelineOverBare,
    (r) => r.pipelineOverBare,
    0.85,
  );
  report.add({
    section: 'detection',
    metric: `${id}: onnxruntime-node pipeline (CLI predictor, sharp decode)`,
    value: fmt.rate(d.nodePipelineTasksPerSecond),
    target: '',
  });
  report.add({
    section: 'detection',
    metric: `${id}: onnxruntime-node bare session.run`,
    value: `${fmt.rate(d.nodeBareTasksPerSecond)} (median ${fmt.ms(d.nodeBareMs.median)})`,
    target: '',
  });
  ratioRow(
    'browser WASM / native, pipeline',
    d.wasmOverNativePipeline,
    (r) => r.wasmOverNativePipeline,
    0.5,
  );
  ratioRow(
    'browser WASM / native, bare session.run',
    d.wasmOverNativeBare,
    (r) => r.wasmOverNativeBare,
    0.5,
  );
  report.add({
    section: 'detection',
    metric: `${id}: longest main-thread task during the ${runs.length + 1} UI runs`,
    value: `${round(d.longTasks.maxMs, 0)} ms; ${d.longTasks.over50} tasks > 50 ms${d.longTasks.longestCause ? ` (longest: ${d.longTasks.longestCause})` : ''}`,
    target: '',
  });
  report.add({
    section: 'detection',
    metric: `${id}: browser first run after load (cold) / CLI end to end incl. start-up`,
    value: `${fmt.rate(d.coldRun.tasksPerSecond)} / ${fmt.rate(d.cli.tasksPerSecond)}`,
    target: '',
  });
  const s = d.stagesMs;
  report.note(
    'detection',
    `${id} browser per-task stages, one at a time (median ms): fetch+decode ${round(s.fetchDecode.median, 1)}, preprocess ${round(s.preprocess.median, 1)}, session.run ${round(s.run.median, 1)}, decode/NMS ${round(s.postprocess.median, 1)}; model load ${fmt.s(d.loadMs)}; UI shows ${runs.map((r) => r.uiTasksPerSecond).join(' / ')} tasks/s`,
  );
  const busiest = runs[0]?.cpu;
  if (busiest) {
    const top = Object.entries(busiest.chromium)
      .slice(0, 5)
      .map(([k, v]) => `${k} ${v} ms`)
      .join(', ');
    report.note(
      'detection',
      `${id} CPU during a warm UI run of ${round(busiest.wallMs, 0)} ms: ${top}`,
    );
  }
  const shares = (list: CpuUsage[]) => list.map((c) => pct(othersShare(c))).join('/');
  report.note(
    'detection',
    `${id} other processes' share of the machine: UI runs ${shares(runs.map((r) => r.cpu))}, bare runs ${shares(d.rounds.flatMap((r) => r.bareCpu))}, node runs ${shares(d.rounds.map((r) => r.node.cpu))}`,
  );
}

async function ocrSection(): Promise<void> {
  if (!HAS_OCR_PACKAGE) {
    return report.note('ocr', 'skipped: public/models/ppocr-v4 is missing (run npm install)');
  }
  const parts = new Set(BENCH.ocrParts.split(',').map((p) => p.trim()));
  if (parts.has('speed')) await ocrSpeedPart();
  if (parts.has('accuracy')) await ocrAccuracyPart();
}

async function ocrAccuracyPart(): Promise<void> {
  console.log(`\n[ocr] accuracy: PP-OCRv4 vs tesseract on images whose text we know…`);
  const r = await ocrAccuracy(join(tmp.dir, 'ocr-accuracy'), BENCH.ocrImages);
  report.raw.ocrAccuracy = r;
  if (!r.tesseractVersion) {
    report.note(
      'ocr',
      `tesseract column skipped: \`${TESSERACT} --version\` failed (not installed; on Debian: apt-get install -y tesseract-ocr tesseract-ocr-eng)`,
    );
  }
  const pct = (cer: number) => `${(cer * 100).toFixed(1)} %`;
  for (const row of r.rows) {
    const ours = `PP-OCRv4 ${pct(row.ours.cer)}, ${fmt.ms(row.ours.msPerImage)}/image`;
    const theirs = row.tesseract
      ? `; tesseract ${pct(row.tesseract.cer)}, ${fmt.ms(row.tesseract.msPerImage)}/image`
      : '; tesseract not installed';
    const photo = row.set.startsWith('page.png');
    report.add({
      section: 'ocr',
      metric: `OCR character error rate and median time per image (decode + read; tesseract: one process per image${r.tesseractVersion ? `, ${r.tesseractVersion}` : ''}, eng), ${row.set}`,
      value: `${ours}${theirs}`,
      target: photo ? 'PP-OCRv4 ≤ 10 %' : '',
      ...(photo ? { met: row.ours.cer <= 0.1 } : {}),
    });
  }
}

async function ocrSpeedPart(): Promise<void> {
  const dir = join(tmp.dir, 'ocr');
  mkdirSync(dir);
  const images = await makeTextImages(dir, BENCH.ocrImages);
  const config = writeText(join(tmp.dir, 'ocr.xml'), OCR_CONFIG);
  console.log(`\n[ocr] ppocr-v4 on ${images.length} text images (onnxruntime-node)…`);
  // Node before and after the browser, so both sides see the same machine.
  const before = await nodeOcr(config, images);
  console.log(`[ocr] the same pages in the browser (built-in model via the UI)…`);
  const { browser, url } = await app();
  const b = await browserOcr(browser, url, config, images);
  console.log(`[ocr] onnxruntime-node again…`);
  const after = await nodeOcr(config, images);
  report.raw.ocr = { node: [before, after], browser: b };
  const nodeRate = median([before.tasksPerSecond, after.tasksPerSecond]);
  const perImage = median([...before.msPerImage.all, ...after.msPerImage.all]);
  report.add({
    section: 'ocr',
    metric: `PP-OCRv4 (built-in) onnxruntime-node, ${images.length} pages 900×600 of 6 lines (mean of 2 runs)`,
    value: `${fmt.rate(nodeRate)} (median ${fmt.ms(perImage)}/image; ${before.regionsPerImage.join(',')} lines found)`,
    target: '',
  });
  if (!b) {
    report.add({
      section: 'ocr',
      metric: 'PP-OCRv4 in the browser',
      value: 'not measured: the page offers no built-in ppocr-v4 (no builtin-load-ppocr-v4 button)',
      target: '',
    });
    return;
  }
  const failed = b.warmRuns.map((w) => w.failed).find((f) => f !== '0 failed');
  report.add({
    section: 'ocr',
    metric: `PP-OCRv4 (built-in) in the browser via the UI, same pages (warm, median of 2 runs)`,
    value: `${fmt.rate(b.tasksPerSecond)}${failed ? ` (${failed})` : ''}; cold first run ${fmt.rate(b.coldRun.tasksPerSecond)}; model load ${fmt.s(b.loadMs)}`,
    target: '',
  });
  const ratio = b.tasksPerSecond / nodeRate;
  report.add({
    section: 'ocr',
    metric: 'PP-OCRv4 browser WASM / native',
    value: fmt.ratio(ratio),
    target: '≥ 0.5',
    met: ratio >= 0.5,
  });
  const long = b.warmRuns.reduce(
    (m, w) => Math.max(m, w.longTasks.maxMs),
    b.coldRun.longTasks.maxMs,
  );
  report.add({
    section: 'ocr',
    metric: 'PP-OCRv4: longest main-thread task during the UI runs',
    value: `${round(long, 0)} ms`,
    target: '',
  });
}

async function segmentationSection(): Promise<void> {
  if (!existsSync(join(ROOT, 'src/models/ultralytics/segment'))) {
    return report.note(
      'segmentation',
      'skipped: src/models/ultralytics/segment does not exist yet',
    );
  }
  if (!HAS_SHARED) return report.note('segmentation', NO_SHARED);
  const { paths } = await detectionImages();
  console.log(`\n[segmentation] YOLOv8n-seg-320 on ${paths.length} images (onnxruntime-node)…`);
  const r = await nodeSegmentation(
    join(MODELS_DIR, 'yolov8n-seg-int8dyn-320.onnx'),
    paths,
    BENCH.warmup,
    BENCH.bareRuns,
  );
  report.raw.segmentation = r;
  report.add({
    section: 'segmentation',
    metric: 'YOLOv8n-seg-320 onnxruntime-node: decode → model → masks → brush RLE',
    value: `${fmt.rate(r.tasksPerSecond)} (${round(r.masksPerImage, 1)} masks/image; bare session.run ${fmt.ms(r.bareMs.median)})`,
    target: '',
  });
}

function masksSection(): void {
  console.log(`\n[masks] mask → RLE / polygons on 4000×3000, median of ${BENCH.maskRepeats}…`);
  const r = maskCosts(BENCH.maskRepeats);
  report.raw.masks = r;
  const size = `${r.width}×${r.height}`;
  report.add({
    section: 'masks',
    metric: `mask → brush result (RLE + JSON array), full-res ${size} mask, ${pct(r.onFraction)} on`,
    value: `${fmt.ms(r.brushFullMs.median)} (${r.rleBytes} RLE bytes)`,
    target: '< 100 ms',
    met: r.brushFullMs.median < 100,
  });
  report.add({
    section: 'masks',
    metric: `mask → RLE bytes only (encodeMaskRle), ${size}`,
    value: fmt.ms(r.encodeRleFullMs.median),
    target: '< 100 ms',
    met: r.encodeRleFullMs.median < 100,
  });
  report.add({
    section: 'masks',
    metric: `instance mask 320×240 placed over 2400×1800 px → brush result on ${size}`,
    value: fmt.ms(r.brushPlacedMs.median),
    target: '< 100 ms',
    met: r.brushPlacedMs.median < 100,
  });
  report.add({
    section: 'masks',
    metric: `mask → polygons (maskToPolygons), full-res ${size}`,
    value: `${fmt.ms(r.polygonsFullMs.median)} (${r.polygons} polygons, ${r.polygonPoints} points)`,
    target: '< 100 ms',
    met: r.polygonsFullMs.median < 100,
  });
}

async function scaleSection(): Promise<void> {
  const images = await makeTinyImages(8);
  const host = await startImageHost(images);
  try {
    const urlOf = (i: number) => `${host.url}img/${i % images.length}.jpg?t=${i}`;
    const config = writeText(join(tmp.dir, 'scale.xml'), SCALE_CONFIG);
    const bigFile = join(tmp.dir, `tasks-${BENCH.scaleTasks}.json`);
    await writeTaskFile(bigFile, BENCH.scaleTasks, urlOf);
    const { browser, url } = await app();

    console.log(`\n[scale] importing ${BENCH.scaleTasks} tasks in the browser…`);
    const imp = await browserImport(browser, url, config, bigFile, BENCH.scaleTasks);
    report.raw.import = imp;
    report.add({
      section: 'scale',
      metric: `import ${BENCH.scaleTasks} tasks (${fmt.mb(imp.fileBytes)} JSON): drop → count shown`,
      value: fmt.s(imp.ms),
      target: '',
    });
    report.add({
      section: 'scale',
      metric: 'longest main-thread task during the import',
      value: `${round(imp.longTasks.maxMs, 0)} ms; ${imp.longTasks.over50} tasks > 50 ms`,
      target: '',
    });
    const memText = (m: typeof imp.after) =>
      [
        m.rendererRssBytes !== null ? `renderer RSS ${fmt.mb(m.rendererRssBytes)}` : null,
        m.mainHeapBytes !== null ? `main JS heap ${fmt.mb(m.mainHeapBytes)}` : null,
        m.workerHeapBytes !== null ? `worker JS heap ${fmt.mb(m.workerHeapBytes)}` : null,
        m.uaBytes !== null ? `UA-measured page+workers ${fmt.mb(m.uaBytes)}` : null,
      ]
        .filter(Boolean)
        .join(', ');
    report.add({
      section: 'scale',
      metric: `memory after importing ${BENCH.scaleTasks} tasks (before → after)`,
      value: `${memText(imp.before)} → ${memText(imp.after)}`,
      target: '',
    });

    if (!HAS_SHARED) {
      report.note('scale', `run over tasks ${NO_SHARED}`);
    } else {
      const runFile = join(tmp.dir, `tasks-${BENCH.runTasks}.json`);
      await writeTaskFile(runFile, BENCH.runTasks, urlOf);
      console.log(
        `[scale] running ${BENCH.runModel} over ${BENCH.runTasks} tasks (320 px JPEGs by URL)…`,
      );
      const run = await browserScaleRun(
        browser,
        url,
        config,
        runFile,
        BENCH.runTasks,
        join(MODELS_DIR, BENCH.runModel),
        BENCH.runLabels ? join(MODELS_DIR, BENCH.runLabels) : undefined,
        BENCH.recycleAfter,
      );
      report.raw.scaleRun = run;
      report.add({
        section: 'scale',
        metric: `run ${BENCH.runTasks} URL tasks (320 px JPEGs) with ${BENCH.runModel} via the UI`,
        value: `${fmt.rate(run.tasksPerSecond)}${run.failed !== '0 failed' ? ` (${run.failed})` : ''}`,
        target: '',
      });
      report.add({
        section: 'scale',
        metric: `memory before → after the ${BENCH.runTasks}-task run`,
        value: `${memText(run.before)} → ${memText(run.after)}`,
        target: '',
      });
      report.add({
        section: 'scale',
        metric: 'memory growth per 1000 tasks run',
        value: [
          `renderer RSS ${fmt.mb(run.growthPer1000.rss)}`,
          `main JS heap ${fmt.mb(run.growthPer1000.mainHeap)}`,
          `worker JS heap ${fmt.mb(run.growthPer1000.workerHeap)}`,
        ]
          .filter(Boolean)
          .join(', '),
        target: '',
      });
      report.add({
        section: 'scale',
        metric: `renderer RSS during the run: most minus before; most in each tenth of the run (engine worker recycled every ${BENCH.recycleAfter ?? 'default'} tasks)`,
        value: `${run.rssPeakGrowthBytes === null ? 'n/a' : `${run.rssPeakGrowthBytes >= 0 ? '+' : ''}${fmt.mb(run.rssPeakGrowthBytes)}`}; ${run.rssByTenth.map((b) => (b === null ? '–' : (b / 1048576).toFixed(0))).join(' ')} MB`,
        target: '< 200 MB growth',
        ...(run.rssPeakGrowthBytes === null
          ? {}
          : { met: run.rssPeakGrowthBytes < 200 * 1024 * 1024 }),
      });
      report.add({
        section: 'scale',
        metric: 'longest main-thread task during the run',
        value: `${round(run.longTasks.maxMs, 0)} ms; ${run.longTasks.over50} tasks > 50 ms`,
        target: '',
      });
      report.add({
        section: 'scale',
        metric: `export tasks with predictions of the run (${BENCH.runTasks} tasks, ${fmt.mb(run.exportBytes)}): click → download`,
        value: `${fmt.s(run.exportMs)}; longest main-thread task ${round(run.exportLongTasks.maxMs, 0)} ms`,
        target: '',
      });
      report.note(
        'scale',
        `the app exports only tasks that were run, so the ${BENCH.scaleTasks}-task export is measured on the core exporter in Node`,
      );
    }
    console.log(`[scale] core exporter on ${BENCH.scaleTasks} synthetic predictions…`);
    const ex = await coreExport(BENCH.scaleTasks, join(tmp.dir, 'export.json'));
    report.raw.coreExport = ex;
    report.add({
      section: 'scale',
      metric: `core exporter, ${BENCH.scaleTasks} tasks × 3 boxes → file stream (Node)`,
      value: `${fmt.s(ex.ms)} (${fmt.mb(ex.bytes)}, RSS +${fmt.mb(ex.rssDeltaBytes)})`,
      target: '',
    });
  } finally {
    await host.close();
  }
}

async function pushSection(): Promise<void> {
  console.log(`\n[push] ${BENCH.pushItems} predictions to the Label Studio test server…`);
  const push = await corePush(BENCH.pushItems);
  report.raw.push = push;
  report.add({
    section: 'push',
    metric: `push ${push.items} predictions (3 boxes each) to the Label Studio test server, core client in Node`,
    value: `${fmt.s(push.ms)}, ${push.sent} sent`,
    target: '',
  });
  report.add({
    section: 'push',
    metric: 'heap held by the pushing side (after a GC per window of 1,000): most / at the end',
    value: `+${fmt.mb(push.heapPeakBytes)} / +${fmt.mb(push.heapAfterBytes)} (the predictions alone as an array, which the push held before: ${fmt.mb(push.arrayHeapBytes)})`,
    target: '',
  });
}

async function serveSection(): Promise<void> {
  if (!HAS_SHARED) return report.note('serve', NO_SHARED);
  const { dir, paths } = await detectionImages();
  const config = writeText(join(tmp.dir, 'serve-detection.xml'), DETECTION_CONFIG);
  console.log(
    `\n[serve] /predict, 4 clients, vs prelabel predict: ${BENCH.runModel}, ${paths.length} images, ${BENCH.rounds} rounds…`,
  );
  const t = await serveThroughput({
    paths,
    imagesDir: dir,
    configPath: config,
    modelPath: join(MODELS_DIR, BENCH.runModel),
    outPath: join(tmp.dir, 'serve-cli.json'),
    rounds: BENCH.rounds,
  });
  report.raw.serveThroughput = t;
  report.add({
    section: 'serve',
    metric: `${BENCH.runModel}: /predict with ${t.clients} concurrent clients, 1 task per call, images from the Label Studio test server (median of ${t.rounds.length} rounds)`,
    value: `${fmt.rate(t.serveTasksPerSecond)} (CLI warm pipeline on the same files ${fmt.rate(t.cliTasksPerSecond)})`,
    target: '',
  });
  report.add({
    section: 'serve',
    metric: 'serve /predict / prelabel predict pipeline (median of per-round ratios)',
    value: `${fmt.ratio(t.ratio)} (rounds ${t.rounds.map((r) => r.ratio.toFixed(2)).join(', ')})`,
    target: '≥ 0.9',
    met: t.ratio >= 0.9,
  });
  console.log(`[serve] /health while the text classifier trains on ${BENCH.trainTexts} texts…`);
  const h = await healthWhileTraining(join(tmp.dir, 'serve-train-state'), BENCH.trainTexts);
  report.raw.serveHealth = h;
  report.add({
    section: 'serve',
    metric: `/health latency idle (${h.idle.samples} calls): median / p99 / max`,
    value: `${fmt.ms(h.idle.median)} / ${fmt.ms(h.idle.p99)} / ${fmt.ms(h.idle.max)}`,
    target: '',
  });
  report.add({
    section: 'serve',
    metric: `/health latency while training on ${h.examples} texts (${h.training.samples} calls during the job, ${fmt.s(h.trainMs)}, job ${h.jobStatus}): median / p99 / max`,
    value: `${fmt.ms(h.training.median)} / ${fmt.ms(h.training.p99)} / ${fmt.ms(h.training.max)}`,
    target: "max < 1000 ms (Label Studio's /health timeout)",
    met: h.training.max < 1000 && h.training.samples > 0 && h.jobStatus === 'finished',
  });
}

function learnTextPart(): void {
  const b = learnBench(BENCH.learnSeeds, tmp.dir, (line) => console.log(`\n${line}`));
  report.raw.learn = b;
  writeFileSync(TEXT_CHART, learnTextChart(b));
  const points = (x: number) => `${(x * 100).toFixed(1)} %`;
  if (b.sklearnMissing) report.note('learn', `scikit-learn not run: ${b.sklearnMissing}`);
  for (const r of b.rows) {
    const sk = r.sklearn;
    const delta = sk ? (r.ours.accuracy - sk.accuracy) * 100 : null;
    report.add({
      section: 'learn',
      metric: `SpamAssassin (body only), ${r.size} labels: accuracy ours vs scikit-learn (mean of ${b.seeds} splits, ${b.testSize} held out)`,
      value: `${
        sk
          ? `${points(r.ours.accuracy)} vs ${points(sk.accuracy)} (${delta! >= 0 ? '+' : ''}${delta!.toFixed(1)} points)`
          : points(r.ours.accuracy)
      }; ours with ${b.sublinearTf ? 'raw' : 'sublinear'} tf: ${points(r.oursOtherTf.accuracy)}`,
      target: 'within 1 point of scikit-learn',
      ...(delta === null ? {} : { met: delta >= -1 }),
    });
    report.add({
      section: 'learn',
      metric: `SpamAssassin, ${r.size} labels: training time (text → model), ours vs scikit-learn, median wall / CPU`,
      value: sk
        ? `${fmt.ms(r.ours.fitMs)} / ${fmt.ms(r.ours.fitCpuMs)} vs ${fmt.ms(sk.fitMs)} / ${fmt.ms(sk.fitCpuMs)}`
        : `${fmt.ms(r.ours.fitMs)} / ${fmt.ms(r.ours.fitCpuMs)}`,
      target: 'faster (CPU)',
      ...(sk ? { met: r.ours.fitCpuMs < sk.fitCpuMs } : {}),
    });
  }
}

function learnRetrainPart(): void {
  const r = retrainBench(10_000);
  report.raw.learnRetrain = r;
  const count = r.count.toLocaleString('en');
  report.add({
    section: 'learn',
    metric: `online retrain on ${count} short texts (≤ 120 characters) + 1 new: cached features, previous head as start, Node, wall / CPU`,
    value: `${fmt.ms(r.online.fitMs)} / ${fmt.ms(r.online.fitCpuMs)} (${r.online.iterations} L-BFGS iterations)`,
    target: '< 1 s',
    met: r.online.fitCpuMs < 1000,
  });
  report.add({
    section: 'learn',
    metric: `cold training on the same ${count} texts (hashing every text, weights from zero), Node, wall / CPU`,
    value: `${fmt.ms(r.cold.fitMs)} / ${fmt.ms(r.cold.fitCpuMs)} (${r.cold.iterations} L-BFGS iterations)`,
    target: '< 1 s',
    met: r.cold.fitCpuMs < 1000,
  });
}

/**
 * The watch's retrain (the worker's Learner: head first, quality after) on
 * 10,000 short texts + 1, in the bench build's engine worker (Chromium) and
 * in Node, same code (src/engine/bench/learn-retrain.ts): Node, browser, Node.
 */
async function learnRetrainWorkerPart(): Promise<void> {
  const texts = shortTexts(loadCorpus(), 10_001);
  const labels = ['ham', 'spam'];
  console.log('\n[learn] retrain in Node, then in the browser worker, then in Node…');
  const before = await retrainTimings(texts, labels);
  const { browser, url } = await app();
  const page = await openApp(browser, url);
  let worker: RetrainTimings;
  try {
    await page.page.waitForFunction(
      () => (window as unknown as { __bench: { workers: unknown[] } }).__bench.workers.length > 0,
    );
    worker = await page.engineCall<RetrainTimings>('benchmarkRetrain', texts, labels);
  } finally {
    await page.close();
  }
  const after = await retrainTimings(texts, labels);
  // What the estimate cost before (5 folds at any size), Node.
  const fiveFold = await retrainTimings(texts, labels, {});
  report.raw.learnRetrainWorker = { before, worker, after, fiveFold };
  const node = (pick: (t: RetrainTimings) => number) => (pick(before) + pick(after)) / 2;
  const count = worker.count.toLocaleString('en');
  report.add({
    section: 'learn',
    metric: `watch retrain on ${count} short texts + 1 (Learner: cached counts, warm start) until usable, browser worker vs Node (mean of the runs before and after), wall`,
    value: `${fmt.ms(worker.headMs)} vs ${fmt.ms(node((t) => t.headMs))} (${worker.iterations} / ${after.iterations} L-BFGS iterations)`,
    target: '< 1 s',
    met: worker.headMs < 1000,
  });
  report.add({
    section: 'learn',
    metric: `same retrain until its quality estimate is in (${worker.quality.method}, ${worker.quality.examples} scored), browser worker vs Node, wall`,
    value: `${fmt.ms(worker.qualityMs)} vs ${fmt.ms(node((t) => t.qualityMs))}; 5-fold (before), Node: ${fmt.ms(fiveFold.qualityMs)}`,
    target: '',
  });
  report.add({
    section: 'learn',
    metric: `first version on the ${count} texts (cold): head / quality in, browser worker vs Node, wall`,
    value: `${fmt.ms(worker.first.headMs)} / ${fmt.ms(worker.first.qualityMs)} vs ${fmt.ms(node((t) => t.first.headMs))} / ${fmt.ms(node((t) => t.first.qualityMs))} (${worker.firstIterations} / ${after.firstIterations} L-BFGS iterations)`,
    target: '',
  });
  if (worker.digests.join() !== after.digests.join()) {
    report.note(
      'learn',
      `the worker's heads differ from Node's (weights ${worker.digests.join(', ')} vs ${after.digests.join(', ')}): the same code stops L-BFGS elsewhere in Chromium (floating-point differences between the JS engines, not investigated), so iteration counts are not equal work`,
    );
  }
}

async function learnSection(): Promise<void> {
  const parts = new Set(BENCH.learnParts.split(',').map((p) => p.trim()));
  if (parts.has('text')) learnTextPart();
  if (parts.has('retrain')) learnRetrainPart();
  if (parts.has('retrain-worker')) await learnRetrainWorkerPart();
  if (parts.has('images')) await learnImagesPart();
  if (parts.has('images-browser')) await learnImagesBrowserPart();
}

/** Image feature extraction in the browser's engine worker (learn-images-browser.ts). */
async function learnImagesBrowserPart(): Promise<void> {
  const flowers = join(SHARED_DIR, 'datasets', 'flowers5');
  if (!existsSync(flowers))
    return report.note('learn', `images-browser skipped: ${flowers} absent`);
  await imageFeaturesInWorker(report, app, flowers, join(MODELS_DIR, 'mobilenetv2-12-int8.onnx'));
}

async function learnImagesPart(): Promise<void> {
  const flowers = join(SHARED_DIR, 'datasets', 'flowers5');
  if (!existsSync(flowers)) return report.note('learn', `images skipped: ${flowers} absent`);
  const img = await imageBench(
    flowers,
    join(MODELS_DIR, 'mobilenetv2-12-int8.onnx'),
    BENCH.learnImagesPerClass,
    BENCH.learnSeeds,
    (line) => console.log(`\n${line}`),
  );
  report.raw.learnImages = img;
  writeFileSync(IMAGES_CHART, learnImagesChart(img));
  for (const r of img.rows) {
    report.add({
      section: 'learn',
      metric: `flowers5 (${img.classes.length} classes), ${r.size} labels: accuracy of a head on MobileNetV2-int8 pooled features (mean of ${img.seeds} splits, ${img.testSize} held out); head training time`,
      value: `${(r.accuracy * 100).toFixed(1)} %; ${fmt.ms(r.fitMs)}`,
      target: '',
    });
  }
  report.add({
    section: 'learn',
    metric: `feature extraction (decode, resize, crop, run; batches of ${img.extraction.batch} on ${img.extraction.lanes} one-thread sessions side by side, the next decoded and preprocessed meanwhile; ${img.images} photos, Node) vs bare session.run of the cut model (same session options): one image per run on one session / same batches on the same sessions; CPU ms per image (all threads); the bare batch on one session with a thread per core, and with ORT's default options`,
    value: `${img.extraction.imagesPerSecond.toFixed(1)} vs ${img.extraction.bareRunsPerSecond.toFixed(1)} / ${img.extraction.bareBatchImagesPerSecond.toFixed(1)} images/s (${fmt.ratio(img.extraction.ratio)} / ${fmt.ratio(img.extraction.batchRatio)}); CPU ${img.extraction.cpuMsPerImage.toFixed(2)} vs ${img.extraction.bareBatchCpuMsPerImage.toFixed(2)} ms/image; one session, a thread per core ${img.extraction.allCoresBatchImagesPerSecond.toFixed(1)} (${fmt.ratio(img.extraction.imagesPerSecond / img.extraction.allCoresBatchImagesPerSecond)}), defaults ${img.extraction.defaultOptionsBatchImagesPerSecond.toFixed(1)} images/s`,
    target: '≥ 0.85 (same batch)',
    met: img.extraction.batchRatio >= 0.85,
  });
}

function versionOf(pkg: string): string {
  try {
    const text = readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8');
    return (JSON.parse(text) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const started = new Date();
  const load = loadavg();
  console.log(`Prelabel bench: ${commandFor()}`);
  console.log(
    `sections ${[...BENCH.sections].join(', ')}; ${cpus().length} cores; load average ${load.map((l) => l.toFixed(2)).join(' ')}`,
  );
  const sections: [Section, () => Promise<void> | void][] = [
    ['detection', detectionSection],
    ['ocr', ocrSection],
    ['segmentation', segmentationSection],
    ['masks', masksSection],
    ['scale', scaleSection],
    ['push', pushSection],
    ['serve', serveSection],
    ['text', () => textSection(report, app, tmp.dir)],
    ['audio', () => audioBench(report, app, tmp.dir)],
    ['learn', learnSection],
    ['active', () => activeSection(report, app)],
  ];
  let failed = false;
  try {
    const noise: string[] = [];
    for (const [name, run] of sections) {
      if (!BENCH.sections.has(name)) continue;
      const probe = cpuProbe();
      try {
        await run();
      } catch (error) {
        failed = true;
        console.error(`[${name}] failed:`, error);
        report.note(name, `FAILED: ${(error as Error).message.split('\n')[0]}`);
      }
      noise.push(`${name} ${pct(othersShare(probe.stop()))}`);
    }
    // Other people's processes on these 2 cores skew every figure (WASM threads most).
    report.add({
      section: 'general',
      metric: "other processes' share of the CPU while each section ran",
      value: noise.join(', '),
      target: '≈ 0 % for figures to trust',
    });
  } finally {
    const b = browser as Browser | null;
    const chromium = b ? b.version() : null;
    await b?.close();
    await preview?.close();
    tmp.remove();
    const finished = new Date();
    const path = report.write({
      command: commandFor(),
      startedAt: started.toISOString(),
      seconds: round((finished.getTime() - started.getTime()) / 1000, 1),
      sizes: { ...BENCH, sections: [...BENCH.sections] },
      machine: {
        cores: cpus().length,
        cpu: cpus()[0]?.model,
        loadAverageAtStart: load,
        loadAverageAtEnd: loadavg(),
        node: process.version,
        chromium,
        onnxruntimeWeb: versionOf('onnxruntime-web'),
        onnxruntimeNode: versionOf('onnxruntime-node'),
        totalMemoryMB: round(
          Number(readFileSync('/proc/meminfo', 'utf8').match(/MemTotal:\s+(\d+)/)?.[1] ?? 0) / 1024,
          0,
        ),
      },
    });
    console.log(`\n${report.markdown()}\n`);
    if (report.notes.length) console.log(report.notes.map((n) => `- ${n}`).join('\n'));
    console.log(
      `\nCommand: ${commandFor()}  (${round((finished.getTime() - started.getTime()) / 1000, 0)} s, ${chromium ?? 'no browser'})`,
    );
    console.log(`Results: ${path}`);
  }
  if (failed) process.exitCode = 1;
}

await main();
