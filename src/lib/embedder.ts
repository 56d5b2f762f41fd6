// ResNet50 feature extractor: loads the generated model, warms it up, and turns a preprocessed
// 224x224 caffe input into an L2-normalised vector. Backend setup is the caller's (Node vs worker).
import * as tf from '@tensorflow/tfjs';
import type { ModelInfo } from './model-info.ts';
import { INPUT_SIZE } from './preprocess.ts';

export interface Embedder {
  readonly info: ModelInfo;
  /** One caffe input (224*224*3) in, one vector out: L2-normalised features, or class scores with the top kept. */
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
    const output = tf.tidy(() => {
      const x = tf.tensor4d(input, [1, INPUT_SIZE, INPUT_SIZE, 3]);
      const y = this.net.predict(x) as tf.Tensor2D;
      // The top ends in softmax already; features are compared by cosine, so unit length.
      return this.info.top ? y : tf.div(y, tf.maximum(tf.norm(y, 2, 1, true), 1e-12));
    });
    try {
      return (await output.data()) as Float32Array;
    } finally {
      output.dispose();
    }
  }

  dispose(): void {
    this.net.dispose();
  }
}
