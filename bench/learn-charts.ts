// The online-learning curves of the README (issue 15): accuracy against
// labels, ours vs scikit-learn on SpamAssassin, and the flowers5 head. Drawn
// by the active-learning charts' SVG code (active/svg-chart.ts). Written by
// the learn section; `node --import tsx bench/learn-charts.ts [results.json]`
// draws them again from a saved run (default .cache/bench/latest.json).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { lineChart, type Series } from './active/svg-chart';
import { OUT_DIR, ROOT } from './config';
import type { ImageBench } from './learn-images';
import type { LearnBench } from './learn-text';

export const TEXT_CHART = join(ROOT, 'docs', 'learning-curve-text.svg');
export const IMAGES_CHART = join(ROOT, 'docs', 'learning-curve-images.svg');

export function learnTextChart(b: LearnBench): string {
  const series: Series[] = [
    {
      name: 'ours',
      color: '#1f77b4',
      points: b.rows.map((r) => ({ x: r.size, y: r.ours.accuracy })),
    },
    {
      name: `ours, ${b.sublinearTf ? 'raw' : 'sublinear'} tf`,
      color: '#1f77b4',
      dashed: true,
      points: b.rows.map((r) => ({ x: r.size, y: r.oursOtherTf.accuracy })),
    },
  ];
  const sklearn = b.rows.flatMap((r) => (r.sklearn ? [{ x: r.size, y: r.sklearn.accuracy }] : []));
  if (sklearn.length > 0) {
    series.push({
      name: `scikit-learn ${b.sklearnVersion ?? ''}`.trim(),
      color: '#d62728',
      points: sklearn,
    });
  }
  return lineChart(series, {
    title: `SpamAssassin, TF-IDF 1–3-grams + logistic regression: mean of ${b.seeds} splits`,
    xLabel: 'labels',
    yLabel: `accuracy (${b.testSize} held out)`,
  });
}

export function learnImagesChart(img: ImageBench): string {
  return lineChart(
    [
      {
        name: 'head on MobileNetV2-int8',
        color: '#2ca02c',
        points: img.rows.map((r) => ({ x: r.size, y: r.accuracy })),
      },
    ],
    {
      title: `flowers5 (${img.classes.length} classes): mean of ${img.seeds} splits`,
      xLabel: 'labels',
      yLabel: `accuracy (${img.testSize} held out)`,
    },
  );
}

/** Redraws both charts from a saved bench result (raw.learn, raw.learnImages). */
function redraw(path: string): void {
  const saved = JSON.parse(readFileSync(path, 'utf8')) as {
    raw?: { learn?: LearnBench; learnImages?: ImageBench };
  };
  const { learn, learnImages } = saved.raw ?? {};
  if (!learn && !learnImages)
    throw new Error(`${path} holds no learn results (raw.learn, raw.learnImages)`);
  if (learn) writeFileSync(TEXT_CHART, learnTextChart(learn));
  if (learnImages) writeFileSync(IMAGES_CHART, learnImagesChart(learnImages));
  console.log(
    `drawn from ${path}: ${[learn && TEXT_CHART, learnImages && IMAGES_CHART].filter(Boolean).join(', ')}`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  redraw(process.argv[2] ?? join(OUT_DIR, 'latest.json'));
}
