// One engine client per page, created on first use (not at import, so tests
// and tools can import the store without starting a worker).

import { EngineClient } from '../engine-client/engine-client';

let client: EngineClient | null = null;

export function engine(): EngineClient {
  client ??= new EngineClient();
  return client;
}
