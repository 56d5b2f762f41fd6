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

/** The anchor's page, open for timing: the median ms of `runs` inferences, each after `gapMs` idle. */
export interface Peer {
  medianMs(runs: number, gapMs?: number): Promise<number>;
  close(): Promise<void>;
}

/**
 * Opens the peer's page with its session created and warmed (two inferences). Timed back to back,
 * it is the anchor; with idle gaps, as between real searches, threads that went to sleep
 * must wake.
 */
export async function openPeer(context: BrowserContext, modelDir: string, input: Float32Array, threads = 2): Promise<Peer> {
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
  const close = async () => {
    await page.close();
    await server.close();
  };
  try {
    await page.goto(`${server.url}/peer.html`);
    await page.evaluate(
      async ({ threads, values }) => {
        const ort = (globalThis as unknown as { ort: typeof import('onnxruntime-web') }).ort;
        if (!crossOriginIsolated) throw new Error('the peer page is not cross-origin isolated: no threads');
        ort.env.wasm.numThreads = threads;
        ort.env.wasm.wasmPaths = '/ort/';
        const session = await ort.InferenceSession.create('/model.onnx', { executionProviders: ['wasm'] });
        const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', Float32Array.from(values), [1, 224, 224, 3]) };
        for (let i = 0; i < 2; i++) await session.run(feeds);
        (globalThis as unknown as { peerRun: () => Promise<unknown> }).peerRun = () => session.run(feeds);
      },
      { threads, values: Array.from(input) },
    );
  } catch (error) {
    await close();
    throw error;
  }
  return {
    medianMs: (runs, gapMs = 0) =>
      page.evaluate(
        async ({ runs, gapMs }) => {
          const run = (globalThis as unknown as { peerRun: () => Promise<unknown> }).peerRun;
          const times: number[] = [];
          for (let i = 0; i < runs; i++) {
            if (gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
            const start = performance.now();
            await run();
            times.push(performance.now() - start);
          }
          // (No named helpers in here: tsx would wrap them in a function the page does not have.)
          times.sort((a, b) => a - b);
          return times[times.length >> 1];
        },
        { runs, gapMs },
      ),
    close,
  };
}
