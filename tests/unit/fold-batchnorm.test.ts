// Folding batch norms and fusing ReLUs must not change what the model computes.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldBatchNorm } from '../../src/lib/fold-batchnorm.ts';
import { fileModel, useWasmBackend } from '../../scripts/lib/node-tf.ts';
import { seededRandom } from '../../scripts/lib/metrics.ts';

/** A residual block shaped like ResNet's: conv-BN-ReLU, conv-BN, a shortcut conv-BN, add, ReLU, global max pool. */
function block(): tf.LayersModel {
  const input = tf.input({ shape: [8, 8, 3] });
  const a = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', name: 'a' }).apply(input) as tf.SymbolicTensor;
  const aBn = tf.layers.batchNormalization({ name: 'a_bn', epsilon: 0.001 }).apply(a) as tf.SymbolicTensor;
  const aRelu = tf.layers.activation({ activation: 'relu', name: 'a_relu' }).apply(aBn) as tf.SymbolicTensor;
  const b = tf.layers.conv2d({ filters: 6, kernelSize: 1, name: 'b' }).apply(aRelu) as tf.SymbolicTensor;
  const bBn = tf.layers.batchNormalization({ name: 'b_bn', epsilon: 0.001 }).apply(b) as tf.SymbolicTensor;
  const s = tf.layers.conv2d({ filters: 6, kernelSize: 1, name: 's', useBias: false }).apply(input) as tf.SymbolicTensor;
  const sBn = tf.layers.batchNormalization({ name: 's_bn', epsilon: 0.001 }).apply(s) as tf.SymbolicTensor;
  const sum = tf.layers.add({ name: 'sum' }).apply([bBn, sBn]) as tf.SymbolicTensor;
  const out = tf.layers.activation({ activation: 'relu', name: 'out_relu' }).apply(sum) as tf.SymbolicTensor;
  const pooled = tf.layers.globalMaxPooling2d({ name: 'pool' }).apply(out) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: pooled });
  // Random weights everywhere, batch-norm statistics included (variances positive).
  const random = seededRandom(3);
  const names = model.weights.map((w) => w.name);
  model.setWeights(model.getWeights().map((w, i) => tf.tensor(Float32Array.from({ length: w.size }, () => (names[i].includes('variance') ? 0.5 + random() : random() - 0.5)), w.shape)));
  return model;
}

async function artifacts(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      saved = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return saved as tf.io.ModelArtifacts;
}

describe('batch-norm folding', () => {
  beforeAll(() => useWasmBackend());

  it('gives the same outputs with no batch norm left and the ReLU after a conv fused into it', async () => {
    const model = block();
    const folded = foldBatchNorm(await artifacts(model));
    const layers = (folded.modelTopology as { config: { layers: { class_name: string; name: string; config: { activation?: string } }[] } }).config.layers;
    expect(layers.filter((l) => l.class_name === 'BatchNormalization')).toEqual([]);
    expect(layers.find((l) => l.name === 'a')?.config.activation).toBe('relu');
    // The ReLU after the add cannot fuse into a conv: it stays.
    expect(layers.some((l) => l.name === 'out_relu')).toBe(true);
    const net = await tf.loadLayersModel(tf.io.fromMemory(folded));
    const x = tf.randomNormal([2, 8, 8, 3], 0, 1, 'float32', 5);
    const [before, after] = [model, net].map((m) => (m.predict(x) as tf.Tensor).dataSync() as Float32Array);
    const worst = before.reduce((max, v, i) => Math.max(max, Math.abs(v - after[i])), 0);
    expect(worst).toBeLessThan(1e-4);
    tf.dispose([x]);
  });

  it('the built model (folded, float16) gives the last feature map of the original float32 Keras model (cosine > 0.9999)', async () => {
    // The npm package's model as published: batch norms separate, float32, top included.
    const original = await tf.loadLayersModel(fileModel('node_modules/.cache/lookalike-model/package/ResNet50/model.json'));
    const lastConv = original.getLayer('activation_48').output as tf.SymbolicTensor;
    const features = tf.model({ inputs: original.inputs, outputs: lastConv });
    const built = await tf.loadLayersModel(fileModel('public/model/model.json'));
    expect(built.layers.some((l) => l.getClassName() === 'BatchNormalization')).toBe(false);
    const x = tf.randomUniform([1, 224, 224, 3], -120, 130, 'float32', 9);
    const [a, b] = [features, built].map((m) => (m.predict(x) as tf.Tensor).dataSync() as Float32Array);
    let dot = 0;
    let na = 0;
    let nb = 0;
    for (let i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    expect(dot / Math.sqrt(na * nb)).toBeGreaterThan(0.9999);
    tf.dispose([x]);
    original.dispose();
    built.dispose();
  });

  afterAll(() => tf.disposeVariables());
});
