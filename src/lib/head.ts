// The learned head (issue #3): a linear map from ResNet50 features to a smaller space, applied
// to query and catalogue vectors alike, and optionally article-type classifiers whose
// log-probabilities nudge the ranking towards the types the query most likely shows: one on the
// model's features (for photos) and one on the projected vector (for a catalogue item's own
// vector, "more like this", where no features are kept).

import { decodeFloat16, encodeFloat16 } from './float16.ts';

export const HEAD_FORMAT = 'lookalike-head';

export interface HeadInfo {
  format: typeof HEAD_FORMAT;
  /** Goes into the pack recipe: vectors made with another head are refused. */
  id: string;
  inputDims: number;
  dims: number;
  /** 'centre' (default): subtract the mean over the output dims before L2; 'l2': L2 only. */
  normalise?: 'centre' | 'l2';
  /** The classifier's article types, in output order; absent when the head has no classifier. */
  types?: string[];
  /** logits = typeScale * (y . C) + c, for the unit vector y (or the unit features x . F + f). */
  typeScale?: number;
  /** Ranking score = cosine + typeWeight * log p(item's type | query). */
  typeWeight?: number;
  /** How head.bin stores its numbers (default float32). */
  dtype?: 'float32' | 'float16';
  /** head.bin also holds a classifier on the model's features (inputDims x types), used for photos. */
  featureClassifier?: boolean;
}

/** Weights (inputs x types, row-major) and one bias per type. */
export interface Classifier {
  weights: Float32Array;
  bias: Float32Array;
}

export interface Head {
  info: HeadInfo;
  /** inputDims x dims, row-major. */
  weights: Float32Array;
  bias: Float32Array;
  /** On the projected vector: dims x types. */
  classifier?: Classifier;
  /** On the model's features: inputDims x types. */
  featureClassifier?: Classifier;
}

/** The head's file holds W, b, then (with types) C and c, then (with a feature classifier) F and f, as float32 or float16. */
export function decodeHead(info: HeadInfo, bytes: ArrayBuffer): Head {
  if (info.format !== HEAD_FORMAT) throw new Error('not a Lookalike head');
  const { inputDims, dims } = info;
  const types = info.types?.length ?? 0;
  const features = types && info.featureClassifier ? types : 0;
  const half = info.dtype === 'float16';
  const expected = ((inputDims + 1) * dims + (dims + 1) * types + (inputDims + 1) * features) * (half ? 2 : 4);
  if (bytes.byteLength !== expected) throw new Error(`head file holds ${bytes.byteLength} bytes, expected ${expected}`);
  const all = half ? decodeFloat16(new Uint16Array(bytes)) : new Float32Array(bytes);
  let at = 0;
  const take = (length: number) => {
    at += length;
    return all.subarray(at - length, at);
  };
  const head: Head = { info, weights: take(inputDims * dims), bias: take(dims) };
  if (types) head.classifier = { weights: take(dims * types), bias: take(types) };
  if (features) head.featureClassifier = { weights: take(inputDims * types), bias: take(types) };
  return head;
}

export function encodeHead(head: Head): Uint8Array {
  const half = head.info.dtype === 'float16';
  const classifiers = [head.classifier, head.featureClassifier].filter((c) => c !== undefined);
  const parts = [head.weights, head.bias, ...classifiers.flatMap((c) => [c.weights, c.bias])];
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  const stored = half ? encodeFloat16(out) : out;
  return new Uint8Array(stored.buffer, stored.byteOffset, stored.byteLength);
}

/** y = normalise(x W + b): cosine between these is what the pack's k-NN ranks by. */
export function project(head: Head, x: Float32Array): Float32Array {
  const { inputDims, dims } = head.info;
  if (x.length !== inputDims) throw new Error(`head expects ${inputDims} dims, got ${x.length}`);
  const y = Float32Array.from(head.bias);
  for (let i = 0; i < inputDims; i++) {
    const xi = x[i];
    if (xi === 0) continue;
    const row = i * dims;
    for (let j = 0; j < dims; j++) y[j] += xi * head.weights[row + j];
  }
  if ((head.info.normalise ?? 'centre') === 'centre') {
    const mean = y.reduce((s, v) => s + v, 0) / dims;
    for (let j = 0; j < dims; j++) y[j] -= mean;
  }
  let norm = 0;
  for (let j = 0; j < dims; j++) norm += y[j] * y[j];
  norm = Math.sqrt(norm) || 1;
  for (let j = 0; j < dims; j++) y[j] /= norm;
  return y;
}

/** log p(type | y) for each of head.info.types from the projected vector y, or undefined when the head has no classifier. */
export function typeLogProbs(head: Head, y: Float32Array): Float32Array | undefined {
  return head.classifier && logSoftmax(head.classifier, y, head.info);
}

/**
 * log p(type | x) from the model's unit features x: the head's feature classifier when it has
 * one (it names street photos' types better than the projected vector can: docs/quality.md),
 * else its classifier on the projected vector.
 */
export function featureTypeLogProbs(head: Head, x: Float32Array, y: Float32Array): Float32Array | undefined {
  return head.featureClassifier ? logSoftmax(head.featureClassifier, x, head.info) : typeLogProbs(head, y);
}

function logSoftmax(classifier: Classifier, input: Float32Array, info: HeadInfo): Float32Array | undefined {
  if (!info.types) return undefined;
  const types = info.types.length;
  const logits = Float32Array.from(classifier.bias);
  const scale = info.typeScale ?? 1;
  for (let i = 0; i < input.length; i++) {
    const xi = input[i] * scale;
    if (xi === 0) continue;
    const row = i * types;
    for (let t = 0; t < types; t++) logits[t] += xi * classifier.weights[row + t];
  }
  let max = Number.NEGATIVE_INFINITY;
  for (const v of logits) max = Math.max(max, v);
  let total = 0;
  for (const v of logits) total += Math.exp(v - max);
  const log = max + Math.log(total);
  return logits.map((v) => v - log);
}
