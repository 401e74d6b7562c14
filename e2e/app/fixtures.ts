// Files the app e2e tests drop into the page. The photos and the model come
// from ../shared (next to the project), which a fresh clone does not have.
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { fixturesPresent } from '../../test/require-fixtures';

export const SHARED_DIR = resolve(process.cwd(), '../shared');
export const HAS_SHARED = fixturesPresent('the e2e tests with real models and photos', SHARED_DIR);
export const SKIP_REASON = `needs the shared fixtures and models at ${SHARED_DIR} (absent)`;

export const MODEL_PATH = resolve(SHARED_DIR, 'models/yolov8n-int8dyn-320.onnx');
export const IMAGE_NAMES = ['astronaut.png', 'chelsea.png', 'coffee.png'] as const;
export const LABELS = ['person', 'cat', 'cup'] as const;

export const DETECTION_CONFIG = `<View>
  <Image name="image" value="$image"/>
  <RectangleLabels name="label" toName="image">
    ${LABELS.map((l) => `<Label value="${l}"/>`).join('\n    ')}
  </RectangleLabels>
</View>
`;

export interface Payload {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

export function fileFrom(path: string, mimeType: string): Payload {
  return { name: basename(path), mimeType, buffer: readFileSync(path) };
}

export const configFile = (): Payload => ({
  name: 'detection.xml',
  mimeType: 'application/xml',
  buffer: Buffer.from(DETECTION_CONFIG),
});

export const imageFiles = (): Payload[] =>
  IMAGE_NAMES.map((n) => fileFrom(resolve(SHARED_DIR, 'fixtures/images', n), 'image/png'));

export const modelFile = (): Payload => fileFrom(MODEL_PATH, 'application/octet-stream');
