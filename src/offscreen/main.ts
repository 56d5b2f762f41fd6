// The offscreen document: runs ResNet50 on tfjs-wasm with threads, which the service worker
// cannot (no Worker there, issue #4). The worker posts preprocessed inputs over a MessageChannel
// port (buffers transferred, not copied through JSON) and gets vectors back the same way.
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { type Embedder, loadEmbedder } from '../lib/embedder.ts';
import type { ModelInfo } from '../lib/model-info.ts';
import { isOffscreenRequest, type OffscreenReply, type OffscreenRequest } from '../lib/offscreen-protocol.ts';

/** Two threads per search on a 2-core machine; more cores help little past four (tfjs-wasm's pool). */
const THREADS = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1));

/** Ten minutes without a search and the document closes itself, giving back the model's memory. */
const IDLE_MS = Number(new URLSearchParams(location.search).get('idle-ms')) || 10 * 60_000;

let loading: Promise<Embedder> | undefined;
let idle: ReturnType<typeof setTimeout> | undefined;

navigator.serviceWorker.addEventListener('message', (event: MessageEvent) => {
  const [port] = event.ports;
  if (!port || !isOffscreenRequest(event.data)) return;
  void answer(event.data, port);
});
navigator.serviceWorker.startMessages();

async function answer(request: OffscreenRequest, port: MessagePort): Promise<void> {
  clearTimeout(idle);
  idle = setTimeout(() => window.close(), IDLE_MS);
  const reply = (message: OffscreenReply, transfer: Transferable[] = []) => port.postMessage(message, transfer);
  try {
    const embedder = await load(request.info, (fraction) => reply({ type: 'progress', fraction }));
    if (request.type === 'load') return reply({ type: 'ready', threads: getThreadsCount() });
    const start = performance.now();
    const vector = await embedder.embed(new Float32Array(request.input));
    reply({ type: 'vector', vector: vector.buffer as ArrayBuffer, modelMs: performance.now() - start }, [vector.buffer as ArrayBuffer]);
  } catch (error) {
    reply({ type: 'error', message: (error as Error).message ?? String(error) });
  } finally {
    port.close();
  }
}

/** One load per document life; a failed load is tried again by the next request. */
function load(info: ModelInfo, onProgress: (fraction: number) => void): Promise<Embedder> {
  loading ??= (async () => {
    // Real files instead of tfjs's blob: workers, which the extension CSP forbids (vite-wasm-threads.ts).
    (globalThis as { LOOKALIKE_WASM_THREADS?: object }).LOOKALIKE_WASM_THREADS = {
      worker: chrome.runtime.getURL('wasm/tfjs-backend-wasm-threaded-simd.worker.js'),
      main: chrome.runtime.getURL('wasm/tfjs-backend-wasm-threaded-simd.js'),
      // The model's threads, not emscripten's default pool of 8 (vite-wasm-threads.ts).
      poolSize: THREADS,
    };
    if (!crossOriginIsolated) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    // tfjs-wasm caps its pool at hardwareConcurrency / 2 whatever setThreadsCount asks (it assumes
    // two hyperthreads per core): 1 thread on a 2-core machine. Its C++ side reads the count once,
    // at start-up, from this page's navigator; report twice the threads wanted.
    Object.defineProperty(navigator, 'hardwareConcurrency', { value: THREADS * 2, configurable: true });
    setThreadsCount(THREADS);
    setWasmPaths(chrome.runtime.getURL('wasm/'));
    await tf.setBackend('wasm');
    // Loads only ever start for a search whose input is on its way: that input is the warm-up (a
    // run on zeros first would add one more inference to the cold start, issue #4).
    return loadEmbedder(chrome.runtime.getURL('model/model.json'), info, onProgress, { warmUp: false });
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}
