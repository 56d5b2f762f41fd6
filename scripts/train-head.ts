// `npm run train-head`: learns the projection head on frozen ResNet50 features of the whole
// catalogue (a pack of raw features from `npm run catalogue -- --out data/full`), from the
// catalogue's own labels (article type, colour, gender). Held-out items (id hash) never train it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { HEAD_FORMAT, type HeadInfo } from '../src/lib/head.ts';
import { rawRecipe, readPack } from './lib/node-pack.ts';
import { readModelInfo, useWasmBackend } from './lib/node-tf.ts';
import { catalogueSource, readCatalogue } from './lib/source.ts';
import { isHeldOut } from './lib/holdout.ts';

const { values: args } = parseArgs({
  options: {
    features: { type: 'string', default: 'data/full' },
    source: { type: 'string' },
    dims: { type: 'string', default: '256' },
    epochs: { type: 'string', default: '12' },
    dropout: { type: 'string', default: '0.3' },
    out: { type: 'string', default: 'data/head' },
  },
});

await useWasmBackend();
const model = readModelInfo();
const pack = readPack(resolve(args.features), rawRecipe(model));
const items = new Map(readCatalogue(catalogueSource(args.source)).map((i) => [i.id, i]));
const dims = Number(args.dims);
const inputDims = pack.header.dims;

const rows = pack.ids.map((id, row) => ({ id, row, item: items.get(id) })).filter((r) => r.item && !isHeldOut(r.id));
const vocab = (key: 'articleType' | 'colour' | 'gender') => [...new Set(rows.map((r) => r.item?.[key] ?? ''))].sort();
const tasks = (['articleType', 'colour', 'gender'] as const).map((key) => ({ key, classes: vocab(key) }));
console.log(`train-head: ${rows.length} training items (held out: ${pack.ids.length - rows.length}), ${tasks.map((t) => `${t.classes.length} ${t.key}`).join(', ')}`);

const x = tf.tidy(() => {
  const data = new Float32Array(rows.length * inputDims);
  for (const [i, r] of rows.entries()) data.set(pack.vectors.subarray(r.row * inputDims, (r.row + 1) * inputDims), i * inputDims);
  return tf.tensor2d(data, [rows.length, inputDims]);
});
const ys = tasks.map(({ key, classes }) => {
  const index = new Map(classes.map((c, i) => [c, i]));
  return tf.oneHot(tf.tensor1d(rows.map((r) => index.get(r.item?.[key] ?? '') ?? 0), 'int32'), classes.length).toFloat();
});

// A linear projection, centred and L2-normalised (as project() does at search time), feeding one
// cosine classifier per label. Plain ops and a hand-written loop: tfjs-layers training is not
// supported on the WASM backend.
const scale = 16;
const W = tf.variable(tf.randomNormal([inputDims, dims], 0, 1 / Math.sqrt(inputDims)));
const b = tf.variable(tf.zeros([dims]));
const classifiers = tasks.map((t) => tf.variable(tf.randomNormal([dims, t.classes.length], 0, 1 / Math.sqrt(dims))));
const taskWeights = [1, 0.5, 0.3];
const dropout = Number(args.dropout);

const embed = (input: tf.Tensor2D) => {
  const h = tf.add(tf.matMul(input, W), b);
  const centred = tf.sub(h, tf.mean(h, 1, true));
  return tf.div(centred, tf.add(tf.norm(centred, 'euclidean', 1, true), 1e-6));
};
const lossOf = (input: tf.Tensor2D, labels: tf.Tensor[]) => {
  // Feature dropout stands in for augmentation: the head must not lean on a few studio-specific channels.
  const e = embed(dropout > 0 ? (tf.dropout(input, dropout) as tf.Tensor2D) : input);
  return tasks.reduce<tf.Scalar>((sum, _, i) => {
    const weights = classifiers[i];
    const logits = tf.mul(tf.matMul(e, tf.div(weights, tf.norm(weights, 'euclidean', 0, true))), scale);
    return tf.add(sum, tf.mul(tf.losses.softmaxCrossEntropy(labels[i], logits), taskWeights[i])) as tf.Scalar;
  }, tf.scalar(0));
};

const optimizer = tf.train.adam(2e-3);
const batch = 512;
const order = Array.from({ length: rows.length }, (_, i) => i);
for (let epoch = 0; epoch < Number(args.epochs); epoch++) {
  order.sort(() => Math.random() - 0.5);
  let total = 0;
  for (let start = 0; start < order.length; start += batch) {
    const index = tf.tensor1d(order.slice(start, start + batch), 'int32');
    const loss = optimizer.minimize(() => lossOf(tf.gather(x, index) as tf.Tensor2D, ys.map((y) => tf.gather(y, index))), true);
    total += (await (loss as tf.Scalar).data())[0];
    tf.dispose([index, loss as tf.Scalar]);
  }
  console.log(`train-head: epoch ${epoch + 1} loss ${(total / Math.ceil(order.length / batch)).toFixed(3)}`);
}

const weights = new Float32Array([...(await W.data()), ...(await b.data())]);
const info: HeadInfo = { format: HEAD_FORMAT, id: `head-${dims}-${hash(weights)}`, inputDims, dims };
const out = resolve(args.out);
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'head.bin'), new Uint8Array(weights.buffer));
writeFileSync(join(out, 'head.json'), `${JSON.stringify({ ...info, trainedOn: model.id, tasks: tasks.map((t) => t.key) }, null, 2)}\n`);
console.log(`train-head: wrote ${info.id} to ${out}`);

function hash(values: Float32Array): string {
  let h = 2166136261;
  const bytes = new Uint8Array(values.buffer);
  for (let i = 0; i < bytes.length; i += 97) h = Math.imul(h ^ bytes[i], 16777619);
  return (h >>> 0).toString(16).padStart(8, '0');
}
