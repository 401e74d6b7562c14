import type { DecodeOptions, PreprocessSpec } from '../types';

export const ULTRALYTICS_FAMILY_ID = 'ultralytics';

/** Ultralytics' own pipeline: RGB, /255, letterbox centred with grey 114. */
export function ultralyticsPreprocess(
  width: number,
  height: number,
  layout: PreprocessSpec['layout'] = 'NCHW',
): PreprocessSpec {
  return {
    width,
    height,
    resize: 'letterbox',
    anchor: 'center',
    padValue: 114,
    channelOrder: 'RGB',
    layout,
    scale: 1 / 255,
    mean: [0, 0, 0],
    std: [1, 1, 1],
  };
}

/** Ultralytics `predict` defaults (conf 0.25, iou 0.7, max_det 300). */
export const ULTRALYTICS_DEFAULTS: DecodeOptions = {
  confidence: 0.25,
  iou: 0.7,
  maxDetections: 300,
};

/**
 * detect:  [1, 4+nc(+extra), N]  cx,cy,w,h + class scores (YOLOv8/11, v3u/v5u…)
 * end2end: [1, K, 6]             x1,y1,x2,y2,score,class, NMS-free (YOLOv10/26, nms=True exports)
 * yolov5:  [1, N, 5+nc]          cx,cy,w,h,objectness + class scores (classic YOLOv5/v7)
 */
export type UltralyticsLayout = 'detect' | 'end2end' | 'yolov5';

export interface UltralyticsDecodeSettings {
  layout?: UltralyticsLayout;
  end2end?: boolean;
  stride?: number;
}

/** Reads the family's settings from a manifest's free-form `decode` object. */
export function readDecodeSettings(decode: Record<string, unknown>): UltralyticsDecodeSettings {
  const layout = decode.layout;
  return {
    layout: layout === 'detect' || layout === 'end2end' || layout === 'yolov5' ? layout : undefined,
    end2end: decode.end2end === true,
    stride: typeof decode.stride === 'number' ? decode.stride : undefined,
  };
}

/** Tasks whose first output carries boxes this family can decode (extra rows ignored). */
export const BOX_TASKS = ['detect', 'segment', 'pose'] as const;
