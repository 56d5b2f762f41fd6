// From ResNet50's last feature map to the features the head reads, the same for the extension
// (tfjs) and the indexer (onnxruntime): pooled in plain JS, so both engines share one code path.

/** The map the model outputs: 7 x 7 positions (rows, then columns) of 2048 channels (NHWC). */
export const MAP_SIZE = 7;
export const CHANNELS = 2048;

/**
 * 'max' (the seed's global max pool), 'avg' (global average), or 'maxbands': the global max plus
 * a max over each of three horizontal bands (rows 0-2, 2-4, 4-6). The bands say where in the
 * picture a pattern is (a heel at the bottom, a hem's length): a type classifier on them named
 * held-out catalogue items' types 3 points better than on the global max alone (issue #3,
 * docs/quality.md). Retrieval's projection reads the global part only.
 */
export type Pooling = 'max' | 'avg' | 'maxbands';

/** Each pooling: how it reduces a region's positions, and the rows [from, to) of each region, in output order. */
const POOLINGS: Record<Pooling, { reduce: typeof maxRows; regions: [number, number][] }> = {
  max: { reduce: maxRows, regions: [[0, 7]] },
  avg: { reduce: sumRows, regions: [[0, 7]] },
  maxbands: {
    reduce: maxRows,
    regions: [
      [0, 7],
      [0, 3],
      [2, 5],
      [4, 7],
    ],
  },
};

/** Length of the pooled features. */
export function pooledDims(pooling: Pooling): number {
  return POOLINGS[pooling].regions.length * CHANNELS;
}

/**
 * Pools the map region by region; each region's 2048 values get the same length, 1/sqrt(regions),
 * so no region outweighs another and the whole is a unit vector (for 'max', the seed's).
 */
export function poolFeatures(map: Float32Array, pooling: Pooling): Float32Array {
  if (map.length !== MAP_SIZE * MAP_SIZE * CHANNELS) throw new Error(`expected a 7x7x2048 feature map, got ${map.length} values`);
  const { reduce, regions } = POOLINGS[pooling];
  const out = new Float32Array(regions.length * CHANNELS);
  regions.forEach(([from, to], r) => {
    const part = out.subarray(r * CHANNELS, (r + 1) * CHANNELS);
    reduce(map, from, to, part);
    scaleTo(part, 1 / Math.sqrt(regions.length));
  });
  return out;
}

function maxRows(map: Float32Array, from: number, to: number, out: Float32Array): void {
  out.fill(Number.NEGATIVE_INFINITY);
  for (let at = from * MAP_SIZE * CHANNELS; at < to * MAP_SIZE * CHANNELS; at += CHANNELS) {
    for (let c = 0; c < CHANNELS; c++) if (map[at + c] > out[c]) out[c] = map[at + c];
  }
}

/** Sums (not means): the unit scaling that follows makes them the same. */
function sumRows(map: Float32Array, from: number, to: number, out: Float32Array): void {
  for (let at = from * MAP_SIZE * CHANNELS; at < to * MAP_SIZE * CHANNELS; at += CHANNELS) {
    for (let c = 0; c < CHANNELS; c++) out[c] += map[at + c];
  }
}

function scaleTo(v: Float32Array, length: number): void {
  let sum = 0;
  for (const x of v) sum += x * x;
  const factor = length / Math.max(Math.sqrt(sum), 1e-12);
  for (let i = 0; i < v.length; i++) v[i] *= factor;
}
