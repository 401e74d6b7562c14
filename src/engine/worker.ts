// The engine's module worker. In production builds onnxruntime's pthread
// helpers load THIS script too (named em-pthread…): they must not expose an API.

import * as Comlink from 'comlink';
import { Engine } from './engine';

function releaseCallback(callback: unknown): void {
  const release = (callback as { [Comlink.releaseProxy]?: () => void } | undefined)?.[
    Comlink.releaseProxy
  ];
  release?.call(callback);
}

if (!self.name.startsWith('em-pthread')) {
  Comlink.expose(new Engine(releaseCallback));
}
