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
  /**
   * The projection reads the first `projectionInputs` features (default all): with the
   * 'maxbands' pooling, the global max part only; the bands feed the feature classifier.
   */
  projectionInputs?: number;
  dims: number;
  /** 'centre' (default): subtract the mean over the output dims before L2; 'l2': L2 only. */
  normalise?: 'centre' | 'l2';
  /** The classifier's article types, in output order; absent when the head has no classifier. */
  types?: string[];
  /** logits = typeScale * (y . C) + c, for the unit vector y (or the unit features x . F + f). */
  typeScale?: number;
  /** Ranking score = cosine + typeWeight * log p(item's type | query). */
  typeWeight?: number;
  /** How head.bin stores its numbers (default float32; int8: see decodeHead). */
  dtype?: 'float32' | 'float16' | 'int8';
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
  /** projectionInputs x dims, row-major. */
  weights: Float32Array;
  bias: Float32Array;
  /** On the projected vector: dims x types. */
  classifier?: Classifier;
  /** On the model's features: inputDims x types. */
  featureClassifier?: Classifier;
}

/**
 * The head's file holds W, b, then (with types) C and c, then (with a feature classifier) F and f:
 * as float32, as float16, or (int8) each matrix as one float32 scale per column, its bias as
 * float32, then its int8 codes (code x scale = weight; a quarter of float32's bytes).
 */
export function decodeHead(info: HeadInfo, bytes: ArrayBuffer): Head {
  if (info.format !== HEAD_FORMAT) throw new Error('not a Lookalike head');
  const shapes = layout(info);
  const expected = shapes.reduce((n, { rows, cols }) => n + storedBytes(info.dtype, rows, cols), 0);
  if (bytes.byteLength !== expected) throw new Error(`head file holds ${bytes.byteLength} bytes, expected ${expected}`);
  const floats = info.dtype === 'float16' ? decodeFloat16(new Uint16Array(bytes)) : info.dtype === 'int8' ? undefined : new Float32Array(bytes);
  let at = 0;
  const [projection, classifier, featureClassifier] = shapes.map(({ rows, cols }): Classifier => {
    if (floats) {
      at += (rows + 1) * cols;
      return { weights: floats.subarray(at - (rows + 1) * cols, at - cols), bias: floats.subarray(at - cols, at) };
    }
    const header = new Float32Array(bytes.slice(at, at + 8 * cols));
    const codes = new Int8Array(bytes, at + 8 * cols, rows * cols);
    at += storedBytes('int8', rows, cols);
    return { weights: dequantise(codes, header.subarray(0, cols)), bias: header.subarray(cols) };
  });
  const head: Head = { info, weights: projection.weights, bias: projection.bias };
  if (classifier) head.classifier = classifier;
  if (featureClassifier) head.featureClassifier = featureClassifier;
  return head;
}

export function encodeHead(head: Head): Uint8Array {
  const { dtype } = head.info;
  const pairs = [{ weights: head.weights, bias: head.bias }, head.classifier, head.featureClassifier].filter((c) => c !== undefined);
  if (dtype === 'int8') return concatBytes(pairs.map(({ weights, bias }) => encodeInt8Matrix(weights, bias)));
  const out = new Float32Array(pairs.reduce((n, p) => n + p.weights.length + p.bias.length, 0));
  let at = 0;
  for (const part of pairs.flatMap((p) => [p.weights, p.bias])) {
    out.set(part, at);
    at += part.length;
  }
  const stored = dtype === 'float16' ? encodeFloat16(out) : out;
  return new Uint8Array(stored.buffer, stored.byteOffset, stored.byteLength);
}

/** The head's matrices in file order: projection, classifier on it, classifier on the features. */
function layout(info: HeadInfo): { rows: number; cols: number }[] {
  const types = info.types?.length ?? 0;
  return [
    { rows: projectionInputs(info), cols: info.dims },
    ...(types ? [{ rows: info.dims, cols: types }] : []),
    ...(types && info.featureClassifier ? [{ rows: info.inputDims, cols: types }] : []),
  ];
}

function storedBytes(dtype: HeadInfo['dtype'], rows: number, cols: number): number {
  if (dtype === 'int8') return 8 * cols + rows * cols;
  return (rows + 1) * cols * (dtype === 'float16' ? 2 : 4);
}

/** codes (rows x cols) times their column's scale; a plain loop (a callback per weight took ~180 ms, every worker start). */
function dequantise(codes: Int8Array, scales: Float32Array): Float32Array {
  const out = new Float32Array(codes.length);
  for (let at = 0; at < codes.length; at += scales.length) {
    for (let j = 0; j < scales.length; j++) out[at + j] = codes[at + j] * scales[j];
  }
  return out;
}

/** Column scales and bias (float32), then the codes: each column's largest weight becomes +-127. */
function encodeInt8Matrix(weights: Float32Array, bias: Float32Array): Uint8Array {
  const cols = bias.length;
  const scales = new Float32Array(cols);
  weights.forEach((w, k) => {
    scales[k % cols] = Math.max(scales[k % cols], Math.abs(w) / 127);
  });
  scales.forEach((scale, j) => {
    if (scale === 0) scales[j] = 1;
  });
  const codes = Int8Array.from(weights, (w, k) => Math.round(w / scales[k % cols]));
  return concatBytes([new Uint8Array(scales.buffer), new Uint8Array(Float32Array.from(bias).buffer), new Uint8Array(codes.buffer)]);
}

function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

export function projectionInputs(info: HeadInfo): number {
  return info.projectionInputs ?? info.inputDims;
}

/** y = normalise(x W + b), x's first projectionInputs values: cosine between these is what the pack's k-NN ranks by. */
export function project(head: Head, x: Float32Array): Float32Array {
  const { inputDims, dims } = head.info;
  if (x.length !== inputDims) throw new Error(`head expects ${inputDims} dims, got ${x.length}`);
  const y = Float32Array.from(head.bias);
  for (let i = 0; i < projectionInputs(head.info); i++) {
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
