// Is the image head the limit? k-fold accuracy of the dense head on the
// flowers5 features at several C values, inside the pool only (the held-out
// photos of each seed's split are never used). README "A realistic image
// pool" has the run and its figures.
//   node --import tsx bench/active/head-cv.ts [images per class] [held out] [C,…] [pool sizes,…] [seeds]
import { join } from 'node:path';
import { createRng, shuffled } from '../../src/core/random/rng';
import { fitDense, standardize } from '../../src/learn/dense-classifier';
import { predictRow } from '../../src/learn/model';
import { MODELS_DIR, ROOT, SHARED_DIR } from '../config';
import { cachedImageFeatures } from './image-features';
import { splitFor } from './simulate';

const FOLDS = 5;
const [perClass = '500', held = '500', cs = '0.001,0.01,0.1,1,10', sizes = '100,400', seeds = '2'] =
  process.argv.slice(2);

const set = await cachedImageFeatures(
  join(SHARED_DIR, 'datasets', 'flowers5'),
  join(MODELS_DIR, 'mobilenetv2-12-int8.onnx'),
  Number(perClass),
  join(ROOT, '.cache', 'active'),
  console.log,
);
const classes = [...new Set(set.labels)].sort();
const truth = set.labels.map((l) => classes.indexOf(l));
for (const n of sizes.split(',').map(Number)) {
  for (const C of cs.split(',').map(Number)) {
    let correct = 0;
    let total = 0;
    for (let s = 1; s <= Number(seeds); s++) {
      const { pool } = splitFor(set.features.length, Number(held), s);
      const rows = shuffled(pool, createRng(s * 77)).slice(0, n);
      for (let k = 0; k < FOLDS; k++) {
        const train = rows.filter((_, i) => i % FOLDS !== k);
        const fitted = fitDense(
          train.map((i) => set.features[i]!),
          train.map((i) => [truth[i]!]),
          classes.length,
          { C },
        );
        for (const i of rows.filter((_, j) => j % FOLDS === k)) {
          const p = predictRow(
            fitted.model,
            standardize([set.features[i]!], fitted.standardizer),
            0,
          );
          if (p.indexOf(Math.max(...p)) === truth[i]) correct++;
          total++;
        }
      }
    }
    console.log(
      `pool rows ${n}, C ${C}: ${FOLDS}-fold accuracy ${((100 * correct) / total).toFixed(1)} % (${total} predictions, ${seeds} seeds)`,
    );
  }
}
