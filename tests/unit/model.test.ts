// The real weights, in Node on tfjs's WASM backend: right answers, and no tensor left behind.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Embedder } from '../../src/lib/embedder.ts';
import { pooledDims } from '../../src/lib/pooling.ts';
import { preprocess } from '../../src/lib/preprocess.ts';
import { decodeImage } from '../../scripts/lib/decode.ts';
import { loadNodeEmbedder } from '../../scripts/lib/node-tf.ts';

const QUERIES = resolve(process.env.LOOKALIKE_SHARED ?? '../shared', 'fixtures/queries');
const TOP_DIR = resolve('node_modules/.cache/lookalike-model/top');

async function input(name: string): Promise<Float32Array> {
  return preprocess(await decodeImage(join(QUERIES, name)));
}

describe('ResNet50 with the ImageNet top kept', () => {
  let classifier: Embedder;
  beforeAll(async () => {
    execFileSync('npx', ['tsx', 'scripts/model.ts', '--keep-top', '--out', TOP_DIR], { stdio: 'inherit' });
    classifier = await loadNodeEmbedder(TOP_DIR);
  });
  afterAll(() => classifier?.dispose());

  it('calls the T-shirt photo a jersey (weights and caffe preprocessing are right)', async () => {
    const labels: Record<string, string> = JSON.parse(readFileSync(join(TOP_DIR, 'labels.json'), 'utf8'));
    const scores = await classifier.embed(await input('tshirt.jpg'));
    const top = scores.indexOf(Math.max(...scores));
    expect(labels[top]).toBe('jersey');
    expect(scores[top]).toBeGreaterThan(0.5);
  });
});

describe('the default feature model', () => {
  let embedder: Embedder;
  beforeAll(async () => {
    embedder = await loadNodeEmbedder();
  });
  afterAll(() => embedder?.dispose());

  it('gives unit-length vectors of its pooling, closer for two shirts than for a shirt and a kite', async () => {
    const [tshirt, checkshirt, kite] = await Promise.all(['tshirt.jpg', 'checkshirt.jpg', 'kite.jpg'].map(input));
    const a = await embedder.embed(tshirt);
    const b = await embedder.embed(checkshirt);
    const c = await embedder.embed(kite);
    expect(a.length).toBe(embedder.info.dims);
    expect(a.length).toBe(pooledDims(embedder.info.pooling));
    expect(Math.hypot(...a)).toBeCloseTo(1, 4);
    const cos = (x: Float32Array, y: Float32Array) => x.reduce((s, v, i) => s + v * y[i], 0);
    expect(cos(a, b)).toBeGreaterThan(cos(a, c));
  });

  it('leaves no tensor behind per search', async () => {
    const image = await input('watch.jpg');
    await embedder.embed(image);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await embedder.embed(image);
    expect(tf.memory().numTensors).toBe(before);
  });
});
