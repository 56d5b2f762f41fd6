// The benchmark's anchor: the same ResNet50 (exported to ONNX) on onnxruntime-web's WASM backend
// with 2 threads, in a cross-origin-isolated page of the same Chromium, in the same run.
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { serveShop } from './chromium.ts';
import { exportOnnx } from './onnx-export.ts';

const ORT_FILES: Record<string, string> = {
  'ort.wasm.min.js': 'text/javascript',
  'ort-wasm-simd-threaded.mjs': 'text/javascript',
  'ort-wasm-simd-threaded.wasm': 'application/wasm',
};

/**
 * Median ms of `runs` inferences after two warm-ups: back to back (`loopMs`, the anchor),
 * and with `gapMs` of idle time before each (`gappedMs`), as between real searches, where threads
 * that went to sleep must wake.
 */
export async function peerEmbedMs(
  context: BrowserContext,
  modelDir: string,
  runs: number,
  input: Float32Array,
  threads = 2,
  gapMs = 250,
): Promise<{ loopMs: number; gappedMs: number }> {
  // The package's exports map hides dist/ and package.json; find the folder from its main entry.
  const main = createRequire(import.meta.url).resolve('onnxruntime-web');
  const dist = join(main.slice(0, main.lastIndexOf('/dist/')), 'dist');
  // Threads need SharedArrayBuffer, which needs a cross-origin-isolated page.
  const isolated = (type: string, body: Buffer | string) => (_req: unknown, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': type, 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' });
    res.end(body);
  };
  const routes = Object.fromEntries(Object.entries(ORT_FILES).map(([file, type]) => [`/ort/${file}`, isolated(type, readFileSync(join(dist, file)))]));
  routes['/model.onnx'] = isolated('application/octet-stream', Buffer.from(exportOnnx(modelDir)));
  routes['/peer.html'] = isolated('text/html', '<!doctype html><script src="/ort/ort.wasm.min.js"></script>');
  const server = await serveShop({}, routes);
  const page = await context.newPage();
  try {
    await page.goto(`${server.url}/peer.html`);
    return await page.evaluate(
      async ({ runs, threads, gapMs, values }) => {
        const ort = (globalThis as unknown as { ort: typeof import('onnxruntime-web') }).ort;
        if (!crossOriginIsolated) throw new Error('the peer page is not cross-origin isolated: no threads');
        ort.env.wasm.numThreads = threads;
        ort.env.wasm.wasmPaths = '/ort/';
        const session = await ort.InferenceSession.create('/model.onnx', { executionProviders: ['wasm'] });
        const input = new ort.Tensor('float32', Float32Array.from(values), [1, 224, 224, 3]);
        const feeds = { [session.inputNames[0]]: input };
        for (let i = 0; i < 2; i++) await session.run(feeds);
        const loop: number[] = [];
        const gapped: number[] = [];
        for (let i = 0; i < runs; i++) {
          const start = performance.now();
          await session.run(feeds);
          loop.push(performance.now() - start);
        }
        for (let i = 0; i < runs; i++) {
          await new Promise((resolve) => setTimeout(resolve, gapMs));
          const start = performance.now();
          await session.run(feeds);
          gapped.push(performance.now() - start);
        }
        // (No named helpers in here: tsx would wrap them in a function the page does not have.)
        loop.sort((a, b) => a - b);
        gapped.sort((a, b) => a - b);
        return { loopMs: loop[loop.length >> 1], gappedMs: gapped[gapped.length >> 1] };
      },
      { runs, threads, gapMs, values: Array.from(input) },
    );
  } finally {
    await page.close();
    await server.close();
  }
}
