// k-NN over the whole catalogue (issue #4). int8 packs are scanned by a WASM SIMD kernel
// (int8 codes times an int16 query)
// (knn.wat) straight from the pack's codes; float packs by a typed-array loop. Filters are a byte
// mask read inside the scan, and a per-type score bonus (the learned head's type prior, issue #3)
// is added before the top k are picked, so both work over every row, not over a shortlist.
import { KNN_WASM_BASE64 } from './knn-wasm.ts';

export interface Neighbour {
  /** Row in the vector array. */
  index: number;
  /** Ranking score: cosine similarity, plus the type bonus when one is given. */
  score: number;
}

export interface SearchOptions {
  /** One byte per row: 0 leaves the row out. */
  mask?: Uint8Array;
  /** Added to a row's score: bonus[typeOf[row]]. */
  typeBonus?: { typeOf: Uint16Array; bonus: Float32Array };
}

/** `score` ranks (similarity + type bonus); `similarity` is the cosine alone, for display. */
export interface Match extends Neighbour {
  similarity: number;
}

export interface SearchIndex {
  count: number;
  dims: number;
  search(query: Float32Array, k: number, options?: SearchOptions): Match[];
  /** Row `row` as a unit float vector ("more like this" searches with a catalogue item's own vector). */
  vector(row: number): Float32Array;
}

interface KnnExports {
  memory: WebAssembly.Memory;
  scores(vectors: number, query: number, out: number, count: number, dims: number, mask: number): void;
}

const PAGE = 65536;
const ALIGN = 16;

/** int8 codes (count x dims, row-major) with one scale per row: row = codes * scale. */
export async function int8Index(codes: Int8Array, scales: Float32Array, dims: number): Promise<SearchIndex> {
  if (dims % 16 !== 0) throw new Error(`the int8 kernel needs dims in multiples of 16, not ${dims}`);
  if (dims > 4096) throw new Error(`the int8 kernel sums in int32: at most 4096 dims, not ${dims}`);
  const count = scales.length;
  const bytes = Uint8Array.from(atob(KNN_WASM_BASE64), (c) => c.charCodeAt(0));
  const { instance } = await WebAssembly.instantiate(bytes);
  const wasm = instance.exports as unknown as KnnExports;
  // Layout: query | mask | scores | vectors, each 16-byte aligned.
  const queryAt = 0;
  const maskAt = align(queryAt + dims * 2);
  const outAt = align(maskAt + count);
  const vectorsAt = align(outAt + count * 4);
  const needed = vectorsAt + count * dims;
  wasm.memory.grow(Math.max(0, Math.ceil(needed / PAGE) - wasm.memory.buffer.byteLength / PAGE));
  const memory = wasm.memory.buffer;
  new Int8Array(memory, vectorsAt, count * dims).set(codes);
  const query16 = new Int16Array(memory, queryAt, dims);
  const mask = new Uint8Array(memory, maskAt, count);
  const dots = new Int32Array(memory, outAt, count);

  return {
    count,
    dims,
    search(query, k, options = {}) {
      checkQuery(query, dims);
      const queryScale = quantise(query, query16);
      if (options.mask) mask.set(options.mask.subarray(0, count));
      wasm.scores(vectorsAt, queryAt, outAt, count, dims, options.mask ? maskAt : 0);
      return pickTop(count, k, (row) => (dots[row] === MIN_I32 ? Number.NEGATIVE_INFINITY : dots[row] * scales[row] * queryScale), options.typeBonus);
    },
    vector: (row) => unit(Float32Array.from(codes.subarray(row * dims, (row + 1) * dims))),
  };
}

/** Unit float vectors, count x dims: a plain loop, for float16/float32 packs and Node tools. */
export function floatIndex(vectors: Float32Array, dims: number): SearchIndex {
  const count = Math.floor(vectors.length / dims);
  const scores = new Float32Array(count);
  return {
    count,
    dims,
    search(query, k, options = {}) {
      checkQuery(query, dims);
      for (let row = 0, base = 0; row < count; row++, base += dims) {
        if (options.mask && options.mask[row] === 0) {
          scores[row] = Number.NEGATIVE_INFINITY;
          continue;
        }
        let sum = 0;
        for (let d = 0; d < dims; d++) sum += vectors[base + d] * query[d];
        scores[row] = sum;
      }
      return pickTop(count, k, (row) => scores[row], options.typeBonus);
    },
    vector: (row) => unit(vectors.slice(row * dims, (row + 1) * dims)),
  };
}

const MIN_I32 = -0x80000000;

function align(offset: number): number {
  return Math.ceil(offset / ALIGN) * ALIGN;
}

function unit(v: Float32Array): Float32Array {
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  for (let d = 0; d < v.length; d++) v[d] /= norm;
  return v;
}

function checkQuery(query: Float32Array, dims: number): void {
  if (query.length !== dims) throw new Error(`query has ${query.length} dims, index has ${dims}`);
}

/**
 * Symmetric int16 quantisation of the query into `out`; returns the scale. 32767 * 127 * 2 per
 * lane pair and at most a few hundred dims stay far inside int32.
 */
function quantise(query: Float32Array, out: Int16Array): number {
  let max = 0;
  for (const v of query) max = Math.max(max, Math.abs(v));
  const scale = max / 32767 || 1;
  for (let d = 0; d < query.length; d++) out[d] = Math.round(query[d] / scale);
  return scale;
}

/** The k best rows by score (+ type bonus), best first; rows scored -Infinity never count. */
function pickTop(count: number, k: number, scoreOf: (row: number) => number, typeBonus?: SearchOptions['typeBonus']): Match[] {
  const best: Match[] = [];
  if (k <= 0) return best;
  let floor = Number.NEGATIVE_INFINITY;
  for (let row = 0; row < count; row++) {
    const similarity = scoreOf(row);
    if (similarity === Number.NEGATIVE_INFINITY) continue;
    const score = typeBonus ? similarity + typeBonus.bonus[typeBonus.typeOf[row]] : similarity;
    if (best.length === k && score <= floor) continue;
    let i = best.length;
    while (i > 0 && best[i - 1].score < score) i--;
    best.splice(i, 0, { index: row, score, similarity });
    if (best.length > k) best.pop();
    if (best.length === k) floor = best[k - 1].score;
  }
  return best;
}
