// The page shows the model_version a run will write before it starts: the
// predictor's one computation (the worker and the CLI call it too).
export { runModelVersion, versionSettings } from '../models/predictor/model-version';
