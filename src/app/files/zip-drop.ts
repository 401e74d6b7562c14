// A dropped .zip is a model folder zipped (Online learning's audio-head export,
// or any model folder): the model loader reads it, as the Learn panel's import
// and `prelabel predict --model x.zip` do. The name-only sort calls it unknown.
import type { DroppedFile } from './classify';

/** Moves .zip files out of the ignored ones; returns them (the first is loaded as the model). */
export function claimZipModels(drop: { ignored: DroppedFile[] }): DroppedFile[] {
  const zips = drop.ignored.filter((e) => /\.zip$/i.test(e.path));
  drop.ignored = drop.ignored.filter((e) => !zips.includes(e));
  return zips;
}
