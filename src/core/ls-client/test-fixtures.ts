// Shared by the ls-client tests: a config, predictions valid for it, and a
// client wired to the Label Studio test server with fast retries.

import { parseLabelingConfig } from '../config';
import type { LsPrediction } from '../results/types';
import { LsClient } from './client';
import type { LsClientOptions } from './transport';

export const CONFIG_XML = `<View>
  <Image name="image" value="$image"/>
  <RectangleLabels name="label" toName="image">
    <Label value="Cat"/><Label value="Dog"/>
  </RectangleLabels>
</View>`;

export const CONFIG = parseLabelingConfig(CONFIG_XML);

export function boxPrediction(modelVersion = 'yolo@1', label = 'Cat', score = 0.8): LsPrediction {
  return {
    model_version: modelVersion,
    score,
    result: [
      {
        id: 'r1',
        from_name: 'label',
        to_name: 'image',
        type: 'rectanglelabels',
        original_width: 100,
        original_height: 80,
        image_rotation: 0,
        value: { x: 10, y: 10, width: 20, height: 20, rotation: 0, rectanglelabels: [label] },
      },
    ],
  };
}

/** Retries without real waiting, so fault tests stay fast. */
export const FAST_RETRY = { retries: 5, baseDelayMs: 2, maxDelayMs: 10, maxRetryAfterMs: 5000 };

export function clientFor(url: string, token: string, extra: Partial<LsClientOptions> = {}) {
  return new LsClient({ url, token, retry: FAST_RETRY, timeoutMs: 10_000, ...extra });
}

/** Every string a test can see that might leak a token. */
export function leaks(secrets: string[], ...values: unknown[]): string[] {
  const text = values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('\n');
  return secrets.filter((s) => text.includes(s));
}
