// The model in the service worker: tfjs on the WASM backend, loaded once per worker life.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { type Embedder, loadEmbedder } from '../lib/embedder.ts';
import { SearchError } from '../lib/errors.ts';
import type { ModelInfo } from '../lib/model-info.ts';

let loading: Promise<Embedder> | undefined;

/** The shared load promise: concurrent searches wait for one load, a failed load is retried next time. */
export function getEmbedder(): Promise<Embedder> {
  loading ??= load().catch((error) => {
    loading = undefined;
    throw new SearchError('model-failed', `The image model could not be loaded (${(error as Error).message}).`);
  });
  return loading;
}

export function isEmbedderLoaded(): boolean {
  return loading !== undefined;
}

async function load(): Promise<Embedder> {
  // No Worker in a service worker, so the threaded WASM build cannot start here.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setWasmPaths(chrome.runtime.getURL('wasm/'));
  await tf.setBackend('wasm');
  const info = (await (await fetch(chrome.runtime.getURL('model/model-info.json'))).json()) as ModelInfo;
  return loadEmbedder(chrome.runtime.getURL('model/model.json'), info);
}
