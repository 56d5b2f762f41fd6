// The model (and learned head, when the build has one), loaded once per worker life: ResNet50 in
// the offscreen document (tfjs-wasm with threads) where possible, else in this worker.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { type Embedder, loadEmbedder } from '../lib/embedder.ts';
import { decodeHead, type Head } from '../lib/head.ts';
import { type Vectoriser, vectoriser } from '../lib/vectoriser.ts';
import { SearchError } from '../lib/errors.ts';
import type { ModelInfo } from '../lib/model-info.ts';
import { canUseOffscreen, offscreenEmbedder } from './offscreen.ts';

let loading: Promise<Vectoriser> | undefined;
let ready = false;
const progressListeners = new Set<(fraction: number) => void>();

/** Follows the model download (0..1) while it loads; returns the unsubscribe. */
export function onModelProgress(listener: (fraction: number) => void): () => void {
  progressListeners.add(listener);
  return () => progressListeners.delete(listener);
}

/** The shared load promise: concurrent searches wait for one load, a failed load is retried next time. */
export function getVectoriser(): Promise<Vectoriser> {
  loading ??= load().then(
    (loaded) => {
      ready = true;
      return loaded;
    },
    (error) => {
      loading = undefined;
      throw new SearchError('model-failed', `The image model could not be loaded (${(error as Error).message}).`);
    },
  );
  return loading;
}

/** Whether a search can start at once, or must first wait for the model ("loading the model"). */
export function isModelReady(): boolean {
  return ready;
}

async function load(): Promise<Vectoriser> {
  const info = (await (await fetch(chrome.runtime.getURL('model/model-info.json'))).json()) as ModelInfo;
  const onProgress = (fraction: number) => {
    for (const listener of progressListeners) listener(fraction);
  };
  const [embedder, head] = await Promise.all([modelEmbedder(info, onProgress), loadHead()]);
  return vectoriser(embedder, head);
}

let engine = 'not loaded';

/** Where the model runs, for timings and the benchmark: "offscreen, 2 threads" or "service worker, 1 thread". */
export function modelEngine(): string {
  return engine;
}

/** In the offscreen document with WASM threads where the browser allows it; else here, one thread. */
async function modelEmbedder(info: ModelInfo, onProgress: (fraction: number) => void): Promise<Embedder> {
  if (canUseOffscreen()) {
    try {
      const embedder = await offscreenEmbedder(info, onProgress);
      engine = `offscreen, ${embedder.threads} thread${embedder.threads === 1 ? '' : 's'}`;
      return embedder;
    } catch (error) {
      console.warn('Lookalike: the offscreen model failed to start; running it in the service worker', error);
    }
  }
  // No Worker in a service worker, so the threaded WASM build cannot start here.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setWasmPaths(chrome.runtime.getURL('wasm/'));
  await tf.setBackend('wasm');
  // As offscreen: the search that started this load is its warm-up.
  const embedder = await loadEmbedder(chrome.runtime.getURL('model/model.json'), info, onProgress, { warmUp: false });
  engine = 'service worker, 1 thread';
  return embedder;
}

/** The build ships model/head.json only when its pack was made through a head. */
async function loadHead(): Promise<Head | undefined> {
  const info = await fetch(chrome.runtime.getURL('model/head.json')).catch(() => undefined);
  if (!info?.ok) return undefined;
  const weights = await fetch(chrome.runtime.getURL('model/head.bin'));
  return decodeHead(await info.json(), await weights.arrayBuffer());
}
