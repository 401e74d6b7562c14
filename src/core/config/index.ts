export { parseLabelingConfig } from './parse';
export { ConfigError } from './errors';
export {
  dataAtPath,
  parseDataPath,
  readDataPath,
  splitDataPath,
  withValueAtPath,
} from './data-path';
export type { DataPathStep } from './data-path';
export {
  controlsFor,
  controlsForKind,
  findControl,
  findObject,
  firstDataKey,
  labelNames,
  regionKindsOf,
  taxonomyPaths,
} from './queries';
export { CONTROL_TAGS, OBJECT_TAGS } from './types';
export type {
  ConfigWarning,
  ControlTag,
  ControlTagName,
  LabelDef,
  LabelingConfig,
  ObjectTag,
  ObjectTagName,
  RegionKind,
  SourcePos,
} from './types';
