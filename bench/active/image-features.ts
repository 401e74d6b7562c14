// MobileNetV2 features of the flowers5 photos, extracted once and cached in
// .cache/ (keyed by the model file and the photo list) so every strategy, seed
// and later run shares them.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openBackbone } from '../../src/cli/backbone-features';
import { datasetFiles, extractAll } from '../learn-images';

export interface ImageSet {
  classes: string[];
  labels: string[];
  features: Float32Array[];
  fromCache: boolean;
}

export async function cachedImageFeatures(
  datasetDir: string,
  modelPath: string,
  perClass: number,
  cacheDir: string,
  log: (line: string) => void,
): Promise<ImageSet> {
  const { classes, files, labels } = datasetFiles(datasetDir, perClass);
  const model = statSync(modelPath);
  const key = createHash('sha256')
    .update(JSON.stringify([modelPath, model.size, model.mtimeMs, files]))
    .digest('hex')
    .slice(0, 16);
  const path = join(cacheDir, `features-${key}.json`);
  if (existsSync(path)) {
    const cached = JSON.parse(readFileSync(path, 'utf8')) as { features: number[][] };
    return {
      classes,
      labels,
      features: cached.features.map((f) => Float32Array.from(f)),
      fromCache: true,
    };
  }
  log(
    `[active] extracting MobileNetV2 features of ${files.length} photos (once; cached in ${path})…`,
  );
  const backbone = await openBackbone(modelPath);
  try {
    const { features } = await extractAll(backbone, files);
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(path, JSON.stringify({ files, features: features.map((f) => Array.from(f)) }));
    return { classes, labels, features, fromCache: false };
  } finally {
    await backbone.release();
  }
}
