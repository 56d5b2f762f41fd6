import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import manifest from './manifest.config.ts';
import { DEFAULT_MODEL_DIR } from './scripts/lib/node-paths.ts';
import { DEFAULT_HEAD_DIR } from './scripts/lib/node-pack.ts';
import { catalogueSource, DEFAULT_PACK_DIR } from './scripts/lib/source.ts';
import { extensionAssets } from './scripts/lib/vite-assets.ts';
import { wasmThreads } from './scripts/lib/vite-wasm-threads.ts';

export default defineConfig({
  plugins: [
    preact(),
    crx({ manifest }),
    extensionAssets({
      packDir: process.env.LOOKALIKE_PACK ?? DEFAULT_PACK_DIR,
      headDir: process.env.LOOKALIKE_HEAD ?? DEFAULT_HEAD_DIR,
      source: catalogueSource(),
      modelDir: DEFAULT_MODEL_DIR,
    }),
    wasmThreads(),
  ],
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    emptyOutDir: true,
    // Not in the manifest: the worker opens it with chrome.offscreen.
    rollupOptions: { input: { offscreen: 'src/offscreen/index.html' } },
  },
});
