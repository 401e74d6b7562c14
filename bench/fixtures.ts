// Inputs made per run in a temp dir: resized/flipped copies of the shared
// photos, printed-text images for OCR, tiny images and big Label Studio task
// files for the scale test.
import {
  createWriteStream,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import sharp from 'sharp';
import { PHOTOS_DIR } from './config';

export const DETECTION_LABELS = [
  'person',
  'bicycle',
  'car',
  'cat',
  'dog',
  'horse',
  'cup',
  'bottle',
  'chair',
  'dining table',
] as const;

export const DETECTION_CONFIG = `<View>
  <Image name="image" value="$image"/>
  <RectangleLabels name="label" toName="image">
    ${DETECTION_LABELS.map((l) => `<Label value="${l}"/>`).join('\n    ')}
  </RectangleLabels>
</View>
`;

/** The scale run's config: boxes for a detector, a choice for a classifier (the app picks). */
export const SCALE_CONFIG = `<View>
  <Image name="image" value="$image"/>
  <RectangleLabels name="label" toName="image">
    ${DETECTION_LABELS.map((l) => `<Label value="${l}"/>`).join('\n    ')}
  </RectangleLabels>
  <Choices name="class" toName="image">
    ${['espresso', 'cup', 'coffee mug', 'tabby', 'tiger cat', 'Egyptian cat', 'space shuttle', 'missile'].map((l) => `<Choice value="${l}"/>`).join('\n    ')}
  </Choices>
</View>
`;

export const OCR_CONFIG = `<View>
  <Image name="image" value="$ocr"/>
  <Labels name="label" toName="image"><Label value="Text"/></Labels>
  <Rectangle name="bbox" toName="image"/>
  <TextArea name="transcription" toName="image" editable="true" perRegion="true"/>
</View>
`;

export function makeTempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'prelabel-bench-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function sharedPhotos(): string[] {
  return readdirSync(PHOTOS_DIR)
    .filter((f) => /\.(png|jpe?g)$/i.test(f))
    .sort()
    .map((f) => join(PHOTOS_DIR, f));
}

/** Longest sides the copies get: phone-photo sizes down to model size. */
const SIDES = [640, 1024, 1920, 800, 1600, 1280];

/**
 * `count` image files: photo i % 7, resized to a longest side from SIDES, every
 * other round mirrored; mostly JPEG (as camera photos), every 4th PNG.
 */
export async function makeDetectionImages(dir: string, count: number): Promise<string[]> {
  const photos = sharedPhotos();
  if (photos.length === 0) throw new Error(`no photos in ${PHOTOS_DIR}`);
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const photo = photos[i % photos.length] as string;
    const round = Math.floor(i / photos.length);
    const side = SIDES[round % SIDES.length] as number;
    let image = sharp(photo).rotate().resize(side, side, { fit: 'inside' });
    if (round % 2 === 1) image = image.flop();
    const png = i % 4 === 3;
    const path = join(dir, `img-${String(i).padStart(3, '0')}.${png ? 'png' : 'jpg'}`);
    await (png ? image.png() : image.jpeg({ quality: 85 })).toFile(path);
    paths.push(path);
  }
  return paths;
}

const WORDS = [
  'Invoice',
  'number',
  'Total',
  'due',
  'Order',
  'shipped',
  'Customer',
  'address',
  'Street',
  'payment',
  'received',
  'Quantity',
  'Price',
  'Tax',
  'Date',
];

/** The 6 lines (words and numbers) printed on text page `i` of makeTextImages. */
export function textPageLines(i: number): string[] {
  return Array.from({ length: 6 }, (_, j) => {
    const words = Array.from({ length: 3 }, (_, k) => WORDS[(i * 7 + j * 3 + k) % WORDS.length]);
    return `${words.join(' ')} ${(i + 1) * 100 + j * 17}.${(j * 13) % 100}`;
  });
}

/** Printed text pages (6 lines of words and numbers), as a scanned receipt. */
export async function makeTextImages(dir: string, count: number): Promise<string[]> {
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const lines = textPageLines(i);
    const text = lines
      .map(
        (line, j) =>
          `<text x="40" y="${90 + j * 85}" font-family="DejaVu ${j % 2 ? 'Serif' : 'Sans'}" font-size="${34 + (j % 3) * 4}">${line}</text>`,
      )
      .join('');
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="600"><rect width="100%" height="100%" fill="white"/>${text}</svg>`;
    const path = join(dir, `text-${String(i).padStart(2, '0')}.png`);
    await sharp(Buffer.from(svg)).png().toFile(path);
    paths.push(path);
  }
  return paths;
}

/** Small JPEGs (320 px long side) the scale test's task URLs point at; plain colours without ../shared. */
export async function makeTinyImages(count: number): Promise<Buffer[]> {
  const photos = existsSync(PHOTOS_DIR) ? sharedPhotos() : [];
  if (photos.length === 0) {
    return Promise.all(
      Array.from({ length: count }, (_, i) =>
        sharp({
          create: {
            width: 320,
            height: 240,
            channels: 3,
            background: { r: 30 * i, g: 120, b: 200 },
          },
        })
          .jpeg()
          .toBuffer(),
      ),
    );
  }
  const out: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const photo = photos[i % photos.length] as string;
    out.push(
      await sharp(photo)
        .rotate()
        .resize(320, 320, { fit: 'inside' })
        .jpeg({ quality: 85 })
        .toBuffer(),
    );
  }
  return out;
}

/** A Label Studio task list (JSON array) with `count` image tasks, written as a stream. */
export async function writeTaskFile(
  path: string,
  count: number,
  urlOf: (index: number) => string,
): Promise<void> {
  const out = createWriteStream(path);
  out.write('[\n');
  for (let i = 0; i < count; i++) {
    const line = `${JSON.stringify({ id: i + 1, data: { image: urlOf(i) } })}${i + 1 < count ? ',' : ''}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end(']\n');
  await once(out, 'finish');
}

export function writeText(path: string, text: string): string {
  writeFileSync(path, text);
  return path;
}
