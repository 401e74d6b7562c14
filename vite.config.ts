/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { appHeaders } from './src/security/csp.ts';

// COOP/COEP (WASM threads need a cross-origin isolated page) and the static
// Content-Security-Policy; dev also allows the Vite client's inline code and
// HMR websocket. public/sw.js narrows connect-src once it controls the page.

export default defineConfig({
  plugins: [react()],
  server: { headers: appHeaders(true) },
  preview: { headers: appHeaders(false) },
  // Pre-bundling breaks ORT's own `new URL('…wasm', import.meta.url)`.
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  worker: { format: 'es' },
  build: { target: 'es2022' },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
