// Public detectors with a stable download URL and a permissive licence,
// offered as one-click downloads (through the URL loader: progress + Cache API).

export interface KnownModel {
  id: string;
  name: string;
  url: string;
  /** Family to declare: these .onnx files carry no metadata naming it. */
  familyId: string;
  input: string;
  /** Approximate download size. */
  sizeMB: number;
  license: string;
  /** Where the file is published. */
  source: string;
  classes: string;
}

const YOLOX_RELEASE = 'https://github.com/Megvii-BaseDetection/YOLOX/releases/download/0.1.1rc0/';
const YOLOX_SOURCE = 'https://github.com/Megvii-BaseDetection/YOLOX/releases/tag/0.1.1rc0';

export const KNOWN_MODELS: readonly KnownModel[] = [
  {
    id: 'yolox-nano',
    name: 'YOLOX-nano',
    url: `${YOLOX_RELEASE}yolox_nano.onnx`,
    familyId: 'yolox',
    input: '416×416',
    sizeMB: 3.7,
    license: 'Apache-2.0',
    source: YOLOX_SOURCE,
    classes: 'COCO 80',
  },
  {
    id: 'yolox-tiny',
    name: 'YOLOX-tiny',
    url: `${YOLOX_RELEASE}yolox_tiny.onnx`,
    familyId: 'yolox',
    input: '416×416',
    sizeMB: 19,
    license: 'Apache-2.0',
    source: YOLOX_SOURCE,
    classes: 'COCO 80',
  },
  {
    id: 'yolox-s',
    name: 'YOLOX-s',
    url: `${YOLOX_RELEASE}yolox_s.onnx`,
    familyId: 'yolox',
    input: '640×640',
    sizeMB: 35,
    license: 'Apache-2.0',
    source: YOLOX_SOURCE,
    classes: 'COCO 80',
  },
];
