// Hands out the ORT module tags engine workers are named with (why two
// workers share one compiled module: engine/ort-module-tag.ts).

import { WORKERS_PER_MODULE, randomTag } from '../engine/ort-module-tag';

/** Hands out module tags, each to at most WORKERS_PER_MODULE workers. */
export class ModuleTags {
  private tag = randomTag();
  private given = 0;

  next(): string {
    if (this.given === WORKERS_PER_MODULE) {
      this.tag = randomTag();
      this.given = 0;
    }
    this.given++;
    return this.tag;
  }
}
