// Variants of one photo that must give the same boxes as the photo itself:
// stored rotated with an EXIF orientation tag (browsers and Label Studio show
// it upright), and enlarged past the engine's 4096-pixel decode limit.
import { resolve } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { SHARED_DIR, type Payload } from './fixtures';

export const REFERENCE = 'coffee.png';

export interface Variant extends Payload {
  /** Size as displayed (EXIF applied): what original_width/height must say. */
  shownWidth: number;
  shownHeight: number;
}

export async function coffeeVariants(): Promise<Variant[]> {
  const source = resolve(SHARED_DIR, 'fixtures/images', REFERENCE);
  const jpeg = (image: Sharp) => image.jpeg({ quality: 95 }).toBuffer();
  // Stored turned 90° counter-clockwise; orientation 6 = "turn 90° clockwise to show".
  const rotated = sharp(source).rotate(-90).withMetadata({ orientation: 6 });
  const big = sharp(source).resize(6000, 4000);
  const bigRotated = sharp(await big.clone().png().toBuffer())
    .rotate(-90)
    .withMetadata({ orientation: 6 });
  return [
    { name: 'coffee-exif6.jpg', buffer: await jpeg(rotated), shownWidth: 600, shownHeight: 400 },
    { name: 'coffee-6000.jpg', buffer: await jpeg(big), shownWidth: 6000, shownHeight: 4000 },
    {
      name: 'coffee-6000-exif6.jpg',
      buffer: await jpeg(bigRotated),
      shownWidth: 6000,
      shownHeight: 4000,
    },
  ].map((v) => ({ ...v, mimeType: 'image/jpeg' }));
}
