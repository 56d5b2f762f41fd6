// ResNet50 feature extractor: loads the generated model, warms it up, and turns a preprocessed
// 224x224 caffe input into pooled unit-length features. Backend setup is the caller's (Node vs worker).
import * as tf from '@tensorflow/tfjs';
import type { ModelInfo } from './model-info.ts';
import { poolFeatures } from './pooling.ts';
import { INPUT_SIZE } from './preprocess.ts';

export interface Embedder {
  readonly info: ModelInfo;
  /** One caffe input (224*224*3) in, one vector out: pooled unit-length features (src/lib/pooling.ts), or class scores with the top kept. */
  embed(input: Float32Array): Promise<Float32Array>;
  dispose(): void;
}

/**
 * Loads the model and runs it once on zeros, so the first real search is not the slow one. A
 * caller whose first input is already waiting passes `warmUp: false`: that input is the warm-up.
 */
export async function loadEmbedder(
  model: string | tf.io.IOHandler,
  info: ModelInfo,
  onProgress?: (fraction: number) => void,
  { warmUp = true } = {},
): Promise<Embedder> {
  if (!info.top && !info.outputsMap) throw new Error(`model ${info.id} pools inside: build it again with npm run model`);
  const net = await tf.loadLayersModel(model, onProgress && { onProgress });
  const embedder = new LayersEmbedder(net, info);
  if (warmUp) await embedder.embed(new Float32Array(INPUT_SIZE * INPUT_SIZE * 3));
  return embedder;
}

class LayersEmbedder implements Embedder {
  constructor(
    private readonly net: tf.LayersModel,
    readonly info: ModelInfo,
  ) {}

  async embed(input: Float32Array): Promise<Float32Array> {
    // The top's class scores as they are; else the last map, pooled in JS as the indexer pools it.
    const output = tf.tidy(() => this.net.predict(tf.tensor4d(input, [1, INPUT_SIZE, INPUT_SIZE, 3])) as tf.Tensor);
    try {
      const values = (await output.data()) as Float32Array;
      return this.info.top ? values : poolFeatures(values, this.info.pooling);
    } finally {
      output.dispose();
    }
  }

  dispose(): void {
    this.net.dispose();
  }
}
