// The learned projection head (issue #3): a linear map from ResNet50 features to a smaller
// space trained on the catalogue's labels, applied to query and catalogue vectors alike.

export const HEAD_FORMAT = 'lookalike-head';

export interface HeadInfo {
  format: typeof HEAD_FORMAT;
  /** Goes into the pack recipe: vectors made with another head are refused. */
  id: string;
  inputDims: number;
  dims: number;
}

export interface Head {
  info: HeadInfo;
  /** inputDims x dims, row-major. */
  weights: Float32Array;
  bias: Float32Array;
}

/** The head's file holds W then b as float32. */
export function decodeHead(info: HeadInfo, bytes: ArrayBuffer): Head {
  if (info.format !== HEAD_FORMAT) throw new Error('not a Lookalike head');
  const expected = (info.inputDims + 1) * info.dims * 4;
  if (bytes.byteLength !== expected) throw new Error(`head file holds ${bytes.byteLength} bytes, expected ${expected}`);
  const all = new Float32Array(bytes);
  return { info, weights: all.subarray(0, info.inputDims * info.dims), bias: all.subarray(info.inputDims * info.dims) };
}

/** y = normalise(centre(x W + b)): cosine between these equals cosine between the layer-normalised
 * vectors the head was trained on. */
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
  const mean = y.reduce((s, v) => s + v, 0) / dims;
  let norm = 0;
  for (let j = 0; j < dims; j++) {
    y[j] -= mean;
    norm += y[j] * y[j];
  }
  norm = Math.sqrt(norm) || 1;
  for (let j = 0; j < dims; j++) y[j] /= norm;
  return y;
}
