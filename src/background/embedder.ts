// The model (and learned head, when the build has one) in the service worker: tfjs on the WASM
// backend, loaded once per worker life.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { loadEmbedder } from '../lib/embedder.ts';
import { decodeHead, type Head } from '../lib/head.ts';
import { type Vectoriser, vectoriser } from '../lib/vectoriser.ts';
import { SearchError } from '../lib/errors.ts';
import type { ModelInfo } from '../lib/model-info.ts';

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
  // No Worker in a service worker, so the threaded WASM build cannot start here.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setWasmPaths(chrome.runtime.getURL('wasm/'));
  await tf.setBackend('wasm');
  const info = (await (await fetch(chrome.runtime.getURL('model/model-info.json'))).json()) as ModelInfo;
  const onProgress = (fraction: number) => {
    for (const listener of progressListeners) listener(fraction);
  };
  const [embedder, head] = await Promise.all([loadEmbedder(chrome.runtime.getURL('model/model.json'), info, onProgress), loadHead()]);
  return vectoriser(embedder, head);
}

/** The build ships model/head.json only when its pack was made through a head. */
async function loadHead(): Promise<Head | undefined> {
  const info = await fetch(chrome.runtime.getURL('model/head.json')).catch(() => undefined);
  if (!info?.ok) return undefined;
  const weights = await fetch(chrome.runtime.getURL('model/head.bin'));
  return decodeHead(await info.json(), await weights.arrayBuffer());
}
