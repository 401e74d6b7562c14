// The engine's module worker. In production builds onnxruntime's pthread
// helpers load THIS script too (named em-pthread…): they must not expose an API.

import * as Comlink from 'comlink';
import { engineApiOf } from './api-methods';
import { benchmarkLabelNext } from './bench/label-next-benchmark';
import { benchEngineApi } from './bench/session-benchmark';
import { Engine } from './engine';

function releaseCallback(callback: unknown): void {
  const release = (callback as { [Comlink.releaseProxy]?: () => void } | undefined)?.[
    Comlink.releaseProxy
  ];
  release?.call(callback);
}

if (!self.name.startsWith('em-pthread')) {
  const engine = new Engine(releaseCallback);
  // Only EngineApi's methods are reachable from the page. A bench build
  // (`vite build --mode bench`) adds the bench's timings; other builds drop them.
  Comlink.expose(
    import.meta.env.MODE === 'bench'
      ? {
          ...engineApiOf(engine),
          ...benchEngineApi(() => engine.benchTarget()),
          benchmarkLabelNext,
        }
      : engineApiOf(engine),
  );
}
