// The indexer's native engine must make the extension's vectors (issue #4: cosine >= 0.999).
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Embedder } from '../../src/lib/embedder.ts';
import { preprocess } from '../../src/lib/preprocess.ts';
import { decodeImage } from '../../scripts/lib/decode.ts';
import { loadNodeEmbedder } from '../../scripts/lib/node-tf.ts';
import { defaultEngine, loadOrtEmbedder } from '../../scripts/lib/ort-embedder.ts';

const SHARED = resolve(process.env.LOOKALIKE_SHARED ?? '../shared');
const FILES = ['fixtures/queries/tshirt.jpg', 'fixtures/queries/watch.jpg', 'catalogue/myntra-small/images/15970.jpg'];
const hasOrt = (await defaultEngine()) === 'ort';

describe.runIf(hasOrt)('onnxruntime-node engine', () => {
  let tfjs: Embedder;
  let ort: Embedder;
  beforeAll(async () => {
    [tfjs, ort] = await Promise.all([loadNodeEmbedder(), loadOrtEmbedder(resolve('public/model'))]);
  });
  afterAll(() => {
    tfjs?.dispose();
    ort?.dispose();
  });

  it.each(FILES)('gives the tfjs-wasm vector for %s', async (file) => {
    const input = preprocess(await decodeImage(join(SHARED, file)));
    const a = await tfjs.embed(input);
    const b = await ort.embed(input);
    expect(b.length).toBe(a.length);
    expect(a.reduce((s, v, i) => s + v * b[i], 0)).toBeGreaterThan(0.999);
  });
});
