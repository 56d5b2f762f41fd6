// The catalogue pack format: a JSON header, a binary file of row-major vectors and a JSON id list.
import { decodeFloat16, encodeFloat16 } from './float16.ts';

export const PACK_FORMAT = 'lookalike-pack';
export const PACK_VERSION = 1;
export const PACK_FILES = { header: 'pack.json', vectors: 'vectors.bin', ids: 'ids.json', labels: 'labels.json' } as const;

/** int8: one float32 scale per vector, then the codes; a vector is code * scale. */
export type VectorDtype = 'float16' | 'float32' | 'int8';

export interface PackHeader {
  format: typeof PACK_FORMAT;
  version: number;
  /** The model that made the vectors (model-info.json's id). */
  modelId: string;
  /** The preprocessing that fed it (preprocess.ts PREPROCESS_ID). */
  preprocessId: string;
  /** The learned head that projected the features ('none' for raw features). */
  headId: string;
  dims: number;
  dtype: VectorDtype;
  count: number;
}

export interface Pack {
  header: PackHeader;
  ids: string[];
  /** count x dims, row-major, each row L2-normalised. */
  vectors: Float32Array;
}

export interface PackRecipe {
  modelId: string;
  preprocessId: string;
  headId: string;
  dims: number;
}

export class PackError extends Error {
  override name = 'PackError';
}

export function encodePack(
  recipe: PackRecipe,
  ids: string[],
  vectors: Float32Array,
  dtype: VectorDtype = 'float16',
): { header: PackHeader; vectorBytes: Uint8Array } {
  if (vectors.length !== ids.length * recipe.dims) {
    throw new PackError(`${ids.length} ids but ${vectors.length / recipe.dims} vectors`);
  }
  const header: PackHeader = {
    format: PACK_FORMAT,
    version: PACK_VERSION,
    ...recipe,
    dtype,
    count: ids.length,
  };
  if (dtype === 'int8') return { header, vectorBytes: encodeInt8(vectors, recipe.dims) };
  const typed = dtype === 'float16' ? encodeFloat16(vectors) : vectors;
  return { header, vectorBytes: new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength) };
}

/** Checks the header against the model in use and decodes the vectors; throws PackError on any mismatch. */
export function decodePack(
  header: PackHeader,
  vectorBytes: ArrayBuffer,
  ids: string[],
  expected: PackRecipe,
): Pack {
  checkPack(header, vectorBytes, ids, expected);
  return { header, ids, vectors: decodeVectors(header, vectorBytes) };
}

/** Throws PackError unless the pack was made by `expected` and its files agree with its header. */
export function checkPack(header: PackHeader, vectorBytes: ArrayBuffer, ids: string[], expected: PackRecipe): void {
  if (header?.format !== PACK_FORMAT || header.version !== PACK_VERSION) {
    throw new PackError(`not a version ${PACK_VERSION} ${PACK_FORMAT} header`);
  }
  for (const key of ['modelId', 'preprocessId', 'headId', 'dims'] as const) {
    if ((header[key] ?? 'none') !== expected[key]) {
      throw new PackError(
        `catalogue pack was built with ${key} ${header[key]}, but the model uses ${expected[key]}: rebuild it with npm run catalogue`,
      );
    }
  }
  const rowBytes = { float16: 2 * header.dims, float32: 4 * header.dims, int8: header.dims + 4 }[header.dtype];
  if (vectorBytes.byteLength !== header.count * rowBytes) {
    throw new PackError(
      `vector file holds ${vectorBytes.byteLength} bytes, header promises ${header.count} x ${header.dims} ${header.dtype}`,
    );
  }
  if (ids.length !== header.count) {
    throw new PackError(`id list holds ${ids.length} ids, header promises ${header.count}`);
  }
}

/** Unit float vectors, count x dims, whatever the stored dtype. */
export function decodeVectors(header: PackHeader, vectorBytes: ArrayBuffer): Float32Array {
  return header.dtype === 'int8'
    ? decodeInt8(vectorBytes, header.count, header.dims)
    : header.dtype === 'float16'
      ? decodeFloat16(new Uint16Array(vectorBytes))
      : new Float32Array(vectorBytes);
}

/** Per-vector symmetric quantisation: scale = max|v| / 127, code = round(v / scale). */
function encodeInt8(vectors: Float32Array, dims: number): Uint8Array {
  const count = vectors.length / dims;
  const bytes = new Uint8Array(count * (dims + 4));
  const scales = new Float32Array(bytes.buffer, 0, count);
  const codes = new Int8Array(bytes.buffer, count * 4);
  for (let r = 0; r < count; r++) {
    let max = 0;
    for (let d = 0; d < dims; d++) max = Math.max(max, Math.abs(vectors[r * dims + d]));
    const scale = max / 127 || 1;
    scales[r] = scale;
    for (let d = 0; d < dims; d++) codes[r * dims + d] = Math.round(vectors[r * dims + d] / scale);
  }
  return bytes;
}

/** The int8 file's two parts, without copying: one scale per row, then count x dims codes. */
export function int8Parts(bytes: ArrayBuffer, count: number): { scales: Float32Array; codes: Int8Array } {
  return { scales: new Float32Array(bytes, 0, count), codes: new Int8Array(bytes, count * 4) };
}

function decodeInt8(bytes: ArrayBuffer, count: number, dims: number): Float32Array {
  const { scales, codes } = int8Parts(bytes, count);
  const out = new Float32Array(count * dims);
  for (let r = 0; r < count; r++) for (let d = 0; d < dims; d++) out[r * dims + d] = codes[r * dims + d] * scales[r];
  return out;
}
