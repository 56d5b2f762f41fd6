import { describe, expect, it } from 'vitest';
import { decodeHead, encodeHead, featureTypeLogProbs, type Head, HEAD_FORMAT, project, typeLogProbs } from '../../src/lib/head.ts';
import { packLabels, Ranker } from '../../src/lib/rank.ts';
import * as tf from '@tensorflow/tfjs';
import { decayingAdam, foldDirection, typeSetLoss } from '../../scripts/lib/node-head.ts';
import { floatIndex } from '../../src/lib/search-index.ts';

// A 3 -> 2 head: keeps the first two features; its classifier says "Shirts" along y0, "Jeans" along y1.
const head: Head = {
  info: { format: HEAD_FORMAT, id: 'test', inputDims: 3, dims: 2, normalise: 'l2', types: ['Shirts', 'Jeans'], typeScale: 10, typeWeight: 0.5 },
  weights: Float32Array.from([1, 0, 0, 1, 0, 0]),
  bias: Float32Array.from([0, 0]),
  classifier: { weights: Float32Array.from([1, -1, -1, 1]), bias: Float32Array.from([0, 0]) },
};

describe('learned head', () => {
  it('round-trips through its file and refuses a file of the wrong size', () => {
    const bytes = encodeHead(head);
    expect(bytes.byteLength).toBe(((3 + 1) * 2 + (2 + 1) * 2) * 4);
    const back = decodeHead(head.info, bytes.slice().buffer);
    expect([...back.weights]).toEqual([...head.weights]);
    expect([...(back.classifier?.weights ?? [])]).toEqual([1, -1, -1, 1]);
    expect(() => decodeHead(head.info, new ArrayBuffer(8))).toThrow(/expected 56/);
  });

  it('projects to a unit vector without centring when normalise is l2', () => {
    const y = project(head, Float32Array.from([3, 4, 100]));
    expect(y[0]).toBeCloseTo(0.6, 5);
    expect(y[1]).toBeCloseTo(0.8, 5);
  });

  it('gives log-probabilities that sum to one and favour the right type', () => {
    const logProbs = typeLogProbs(head, Float32Array.from([1, 0])) as Float32Array;
    expect(Math.exp(logProbs[0]) + Math.exp(logProbs[1])).toBeCloseTo(1, 5);
    expect(logProbs[0]).toBeGreaterThan(logProbs[1]);
  });

  it('lets the type prior lift an item of the predicted type over a slightly closer one of another type', () => {
    // Row 0 (Jeans) is a little closer to the query than row 1 (Shirts); the query looks like a shirt.
    const vectors = Float32Array.from([0.96, 0.28, 0.9, -0.436]);
    const labels = packLabels(['j', 's'], (id) => ({ articleType: id === 'j' ? 'Jeans' : 'Shirts', gender: 'Men' }));
    const query = { vector: Float32Array.from([1, 0]) };
    const plain = new Ranker(floatIndex(vectors, 2), labels);
    expect(plain.search(query, 2)[0].index).toBe(0);
    const withPrior = new Ranker(floatIndex(vectors, 2), labels, head);
    const [best] = withPrior.search(query, 2);
    expect(best.index).toBe(1);
    expect(best.similarity).toBeCloseTo(0.9, 5);
  });

  it('filters by gender and article type inside the scan', () => {
    const labels = packLabels(['a', 'b', 'c'], (id) => ({ articleType: id === 'c' ? 'Jeans' : 'Shirts', gender: id === 'a' ? 'Women' : 'Men' }));
    const ranker = new Ranker(floatIndex(Float32Array.from([1, 0, 0.9, 0.1, 0.8, 0.2]), 2), labels);
    expect(ranker.search({ vector: Float32Array.from([1, 0]) }, 3, { genders: ['Men'] }).map((m) => m.index)).toEqual([1, 2]);
    expect(ranker.search({ vector: Float32Array.from([1, 0]) }, 3, { genders: ['Men'], articleTypes: ['Jeans'] }).map((m) => m.index)).toEqual([2]);
  });

  it('filters by colour, and a filter nothing matches returns no rows', () => {
    const labels = packLabels(['a', 'b', 'c'], (id) => ({ articleType: 'Shirts', gender: 'Men', colour: id === 'b' ? 'Red' : 'Blue' }));
    const ranker = new Ranker(floatIndex(Float32Array.from([1, 0, 0.9, 0.1, 0.8, 0.2]), 2), labels);
    expect(ranker.search({ vector: Float32Array.from([1, 0]) }, 3, { colours: ['Blue'] }).map((m) => m.index)).toEqual([0, 2]);
    expect(ranker.search({ vector: Float32Array.from([1, 0]) }, 3, { colours: ['Red'], genders: ['Women'] })).toEqual([]);
    expect(ranker.search({ vector: Float32Array.from([1, 0]) }, 3, { colours: [] })).toHaveLength(3);
  });
});

describe('feature classifier', () => {
  // Same head, plus a classifier on the 3 input features that reads "Jeans" off the third feature,
  // which the projection drops: the projected classifier cannot see it.
  const withFeatures: Head = {
    ...head,
    info: { ...head.info, featureClassifier: true },
    featureClassifier: { weights: Float32Array.from([0, 0, 0, 0, -1, 1]), bias: Float32Array.from([0, 0]) },
  };

  it('round-trips through the head file after the projected classifier', () => {
    const bytes = encodeHead(withFeatures);
    expect(bytes.byteLength).toBe(encodeHead(head).byteLength + (3 + 1) * 2 * 4);
    const back = decodeHead(withFeatures.info, bytes.slice().buffer);
    expect([...(back.classifier?.weights ?? [])]).toEqual([1, -1, -1, 1]);
    expect([...(back.featureClassifier?.weights ?? [])]).toEqual([0, 0, 0, 0, -1, 1]);
    expect(() => decodeHead(withFeatures.info, encodeHead(head).slice().buffer)).toThrow(/expected/);
  });

  it('names the type from the features when the head has one, else from the projected vector', () => {
    const x = Float32Array.from([0.6, 0, 0.8]);
    const y = project(withFeatures, x);
    const fromFeatures = featureTypeLogProbs(withFeatures, x, y) as Float32Array;
    expect(fromFeatures[1]).toBeGreaterThan(fromFeatures[0]);
    const fromProjected = featureTypeLogProbs(head, x, y) as Float32Array;
    expect(fromProjected[0]).toBeGreaterThan(fromProjected[1]);
  });

  it('projects from the first projectionInputs features only, while its feature classifier reads them all', () => {
    // Same maps on a 2-feature projection: the third feature reaches the feature classifier only.
    const partial: Head = { ...withFeatures, info: { ...withFeatures.info, projectionInputs: 2 }, weights: Float32Array.from([1, 0, 0, 1]) };
    const bytes = encodeHead(partial);
    expect(bytes.byteLength).toBe(encodeHead(withFeatures).byteLength - 2 * 4);
    const back = decodeHead(partial.info, bytes.slice().buffer);
    expect([...back.weights]).toEqual([1, 0, 0, 1]);
    expect([...(back.featureClassifier?.weights ?? [])]).toEqual([0, 0, 0, 0, -1, 1]);
    const x = Float32Array.from([0.6, 0.8, 5]);
    expect([...project(back, x)].map((v) => v.toFixed(5))).toEqual(['0.60000', '0.80000']);
    const logProbs = featureTypeLogProbs(back, x, project(back, x)) as Float32Array;
    expect(logProbs[1]).toBeGreaterThan(logProbs[0]);
  });

  it("ranks by the query's own type log-probabilities when it carries them", () => {
    const vectors = Float32Array.from([0.96, 0.28, 0.9, -0.436]);
    const labels = packLabels(['j', 's'], (id) => ({ articleType: id === 'j' ? 'Jeans' : 'Shirts', gender: 'Men' }));
    const ranker = new Ranker(floatIndex(vectors, 2), labels, head);
    const vector = Float32Array.from([1, 0]);
    // The projected classifier says Shirts (row 1 first); the photo's features said Jeans.
    expect(ranker.search({ vector }, 1)[0].index).toBe(1);
    expect(ranker.search({ vector, typeLogProbs: Float32Array.from([Math.log(0.01), Math.log(0.99)]) }, 1)[0].index).toBe(0);
  });
});

describe('float16 head file', () => {
  it('stores half the bytes and projects the same to 3 decimals', () => {
    const half: Head = { ...head, info: { ...head.info, dtype: 'float16' } };
    const bytes = encodeHead(half);
    expect(bytes.byteLength).toBe(encodeHead(head).byteLength / 2);
    const back = decodeHead(half.info, bytes.slice().buffer);
    const y = project(back, Float32Array.from([0.3, 0.7, 0.1]));
    const expected = project(head, Float32Array.from([0.3, 0.7, 0.1]));
    for (let i = 0; i < 2; i++) expect(y[i]).toBeCloseTo(expected[i], 3);
  });
});

describe('int8 head file', () => {
  // A 3 -> 2 projection with uneven columns, a classifier and a feature classifier (one zero column).
  const uneven: Head = {
    info: { ...head.info, featureClassifier: true, dtype: 'int8' },
    weights: Float32Array.from([0.5, -0.02, -0.25, 0.01, 0.125, 0.001]),
    bias: Float32Array.from([0.1, -0.2]),
    classifier: { weights: Float32Array.from([1, -1, -1, 1]), bias: Float32Array.from([0.3, 0]) },
    featureClassifier: { weights: Float32Array.from([0, 2, 0, -1, 0, 0.5]), bias: Float32Array.from([0, 0.7]) },
  };

  it('stores one byte per weight plus a float32 scale and bias per column', () => {
    const bytes = encodeHead(uneven);
    expect(bytes.byteLength).toBe(3 * 2 + 8 * 2 + (2 * 2 + 8 * 2) + (3 * 2 + 8 * 2));
    expect(() => decodeHead(uneven.info, bytes.slice(1).buffer)).toThrow(/expected 64/);
  });

  it('gives every weight back within half a step of its column (largest / 127), biases exactly', () => {
    const back = decodeHead(uneven.info, encodeHead(uneven).slice().buffer);
    const within = (got: Float32Array, want: Float32Array, cols: number) => {
      const largest = Array.from({ length: cols }, (_, j) => Math.max(...want.filter((_, k) => k % cols === j).map(Math.abs)));
      for (const [k, g] of got.entries()) expect(Math.abs(g - want[k])).toBeLessThanOrEqual(largest[k % cols] / 254 + 1e-7);
    };
    within(back.weights, uneven.weights, 2);
    within(back.featureClassifier?.weights ?? new Float32Array(), uneven.featureClassifier?.weights ?? new Float32Array(), 2);
    // The small column keeps its own scale: 0.001 is not rounded to 0 as one scale for 0.5 would.
    expect(back.weights[5]).toBeCloseTo(0.001, 3);
    expect([...(back.featureClassifier?.weights ?? [])].filter((_, k) => k % 2 === 0)).toEqual([0, 0, 0]);
    expect([...back.bias]).toEqual([...uneven.bias]);
    expect([...(back.classifier?.bias ?? [])]).toEqual([...(uneven.classifier?.bias ?? [])]);
  });
});

describe('folding the domain direction into weights', () => {
  it('gives x . folded = (x - a (x . d) d) . m', () => {
    const d = Float32Array.from([0.6, 0.8, 0]);
    const m = Float32Array.from([1, 2, 3, 4, 5, 6]); // 3 x 2
    const folded = foldDirection(m, 2, d, 0.5);
    const x = [0.2, -0.4, 0.9];
    const along = x[0] * d[0] + x[1] * d[1] + x[2] * d[2];
    const adjusted = x.map((v, i) => v - 0.5 * along * d[i]);
    for (let j = 0; j < 2; j++) {
      const direct = adjusted.reduce((s, v, i) => s + v * m[i * 2 + j], 0);
      const viaFold = x.reduce((s, v, i) => s + v * folded[i * 2 + j], 0);
      expect(viaFold).toBeCloseTo(direct, 6);
    }
    // A vector orthogonal to d is untouched.
    expect(0.8 * folded[0] - 0.6 * folded[2]).toBeCloseTo(0.8 * m[0] - 0.6 * m[2], 6);
  });
});

describe('the type classifier\'s loss', () => {
  it('scores a set of acceptable types by their summed probability, and one type as cross-entropy', async () => {
    await tf.setBackend('cpu');
    const logits = tf.tensor2d([[2, 0, -1], [0.5, 1.5, 0]]);
    const oneHot = tf.tensor2d([[1, 0, 0], [0, 1, 0]]);
    const expected = tf.losses.softmaxCrossEntropy(oneHot, logits, undefined, 0.1);
    expect(typeSetLoss(logits, oneHot).dataSync()[0]).toBeCloseTo(expected.dataSync()[0], 5);
    // Accepting types 0 and 1 for the first row: -0.9 log(p0 + p1) - 0.1 mean(log p).
    const p = [Math.exp(2), 1, Math.exp(-1)].map((v, _, all) => v / all.reduce((a, b) => a + b));
    const first = -0.9 * Math.log(p[0] + p[1]) - (0.1 * p.reduce((s, v) => s + Math.log(v), 0)) / 3;
    const second = tf.losses.softmaxCrossEntropy(oneHot.slice([1, 0], [1, 3]), logits.slice([1, 0], [1, 3]), undefined, 0.1).dataSync()[0];
    const set = typeSetLoss(logits, tf.tensor2d([[1, 1, 0], [0, 1, 0]])).dataSync()[0];
    expect(set).toBeCloseTo((first + second) / 2, 5);
    // A wider set never costs more.
    expect(set).toBeLessThan(expected.dataSync()[0]);
  });
});

describe("the classifiers' optimiser", () => {
  it("decays Adam's rate to 0 along a cosine, and its steps follow the rate", () => {
    const optimizer = decayingAdam(0.1);
    expect(optimizer.rate).toBe(0.1);
    optimizer.decay(0.5);
    expect(optimizer.rate).toBeCloseTo(0.05, 10);
    // Adam's first step moves each weight by about the rate (the gradient's sign times the rate).
    const w = tf.variable(tf.tensor1d([1, 1]));
    const step = () => optimizer.minimize(() => tf.sum(tf.mul(w, tf.tensor1d([3, -2]))));
    step();
    const [a, b] = w.dataSync();
    expect(a).toBeCloseTo(1 - 0.05, 4);
    expect(b).toBeCloseTo(1 + 0.05, 4);
    optimizer.decay(1);
    expect(optimizer.rate).toBeCloseTo(0, 10);
    step();
    expect([...w.dataSync()]).toEqual([a, b]);
    tf.dispose([w]);
    optimizer.dispose();
  });
});

