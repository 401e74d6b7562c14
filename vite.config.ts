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
  optimizeDeps: {
    // The workers' dependencies too: found only when a worker first starts,
    // they would make Vite re-bundle and reload the page (a first "Try it"
    // click was lost that way).
    entries: ['index.html', 'src/**/*worker*.ts', '!src/**/*.test.ts'],
    // Pre-bundling breaks ORT's own `new URL('…wasm', import.meta.url)`.
    exclude: ['onnxruntime-web'],
  },
  worker: {
    format: 'es',
    // audio-decode imports decoders it does not depend on (APE, E-AC-3): left
    // out, such a file fails its task with "cannot decode ape audio (…)".
    rolldownOptions: { external: ['@audio/decode-ape', '@audio/decode-eac3'] },
  },
  build: { target: 'es2022' },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
