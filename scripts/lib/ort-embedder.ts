// The offline indexer's fast engine: the same model and weights on onnxruntime-node (native),
// about ten times faster than tfjs-wasm. A test checks its vectors match the extension's.
import type { Embedder } from '../../src/lib/embedder.ts';
import { poolFeatures } from '../../src/lib/pooling.ts';
import { INPUT_SIZE } from '../../src/lib/preprocess.ts';
import { readModelInfo } from './node-tf.ts';
import { exportOnnx, ONNX_INPUT, ONNX_OUTPUT } from './onnx-export.ts';

export async function loadOrtEmbedder(modelDir: string, threads = 1): Promise<Embedder> {
  const info = readModelInfo(modelDir);
  if (!info.outputsMap) throw new Error('the ONNX engine embeds features only: use a model without its top, built by this version of npm run model');
  const ort = await import('onnxruntime-node').catch(() => {
    throw new Error('onnxruntime-node is not installed: use --engine tfjs');
  });
  const session = await ort.InferenceSession.create(exportOnnx(modelDir), { intraOpNumThreads: threads, interOpNumThreads: 1 });
  return {
    info,
    async embed(input: Float32Array): Promise<Float32Array> {
      const output = await session.run({ [ONNX_INPUT]: new ort.Tensor('float32', input, [1, INPUT_SIZE, INPUT_SIZE, 3]) });
      return poolFeatures(output[ONNX_OUTPUT].data as Float32Array, info.pooling);
    },
    dispose: () => void session.release(),
  };
}

export type Engine = 'ort' | 'tfjs';

/** onnxruntime-node when it is installed (an optional dependency), else tfjs. */
export async function defaultEngine(): Promise<Engine> {
  return import('onnxruntime-node').then(
    () => 'ort',
    () => 'tfjs',
  );
}
