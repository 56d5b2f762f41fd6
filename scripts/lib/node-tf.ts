// Node side of the model: tfjs on its WASM backend (as in the extension) and models read from disk.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { type Embedder, loadEmbedder } from '../../src/lib/embedder.ts';
import type { ModelInfo } from '../../src/lib/model-info.ts';
import { DEFAULT_MODEL_DIR } from './node-paths.ts';

export { DEFAULT_MODEL_DIR };

export async function useWasmBackend(threads = 1): Promise<void> {
  if (tf.getBackend() === 'wasm') return;
  setThreadsCount(threads);
  await tf.setBackend('wasm');
  await tf.ready();
}

export function readModelInfo(dir = DEFAULT_MODEL_DIR): ModelInfo {
  try {
    return JSON.parse(readFileSync(join(dir, 'model-info.json'), 'utf8'));
  } catch {
    throw new Error(`no model in ${dir}: run \`npm run model\` first`);
  }
}

/** A tfjs IOHandler over model.json and its shards on disk (tfjs-node's fileSystem, without the binary). */
export function fileModel(modelJsonPath: string): tf.io.IOHandler {
  return {
    async load() {
      const json = JSON.parse(readFileSync(modelJsonPath, 'utf8')) as tf.io.ModelJSON;
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const specs = manifest.flatMap((group) => group.weights);
        const buffers = manifest.flatMap((group) =>
          group.paths.map((p) => readFileSync(join(dirname(modelJsonPath), p))),
        );
        const all = Buffer.concat(buffers);
        const data = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
        return [specs, data];
      });
    },
  };
}

export async function loadNodeEmbedder(dir = DEFAULT_MODEL_DIR, threads = 1): Promise<Embedder> {
  const info = readModelInfo(dir);
  await useWasmBackend(threads);
  return loadEmbedder(fileModel(join(dir, 'model.json')), info);
}
