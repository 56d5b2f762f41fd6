// Worker thread for the indexer: decode, preprocess and embed the image files it is sent.
import { parentPort, workerData } from 'node:worker_threads';
import { centreCrop, flipHorizontal, preprocess } from '../../src/lib/preprocess.ts';
import { augment } from './augment.ts';
import { decodeImage } from './decode.ts';
import { loadNodeEmbedder } from './node-tf.ts';
import { loadOrtEmbedder } from './ort-embedder.ts';

export interface EmbedJob {
  id: string;
  path: string;
  /** Query-side variants for the evaluation harness: centre crop fraction, and flip averaging. */
  crop?: number;
  flip?: boolean;
  maxSide?: number;
  /** Training views for the learned head: the seed of an augmentation (scripts/lib/augment.ts). */
  augment?: number;
}
export type EmbedReply =
  | { id: string; vector: Float32Array }
  | { id: string; error: string }
  | { ready: true };

const port = parentPort;
if (!port) throw new Error('embed-worker must run as a worker thread');
const embedder =
  workerData.engine === 'ort' ? await loadOrtEmbedder(workerData.modelDir) : await loadNodeEmbedder(workerData.modelDir);
port.postMessage({ ready: true } satisfies EmbedReply);
port.on('message', async (job: EmbedJob) => {
  try {
    const decoded = await decodeImage(job.path);
    const image = centreCrop(job.augment === undefined ? decoded : augment(decoded, job.augment), job.crop ?? 1);
    const vector = await embedder.embed(preprocess(image, job.maxSide));
    if (job.flip) {
      const mirrored = await embedder.embed(preprocess(flipHorizontal(image), job.maxSide));
      for (let i = 0; i < vector.length; i++) vector[i] = (vector[i] + mirrored[i]) / 2;
    }
    port.postMessage({ id: job.id, vector } satisfies EmbedReply);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    port.postMessage({ id: job.id, error: message } satisfies EmbedReply);
  }
});
