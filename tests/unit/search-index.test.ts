import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { floatIndex, int8Index } from '../../src/lib/search-index.ts';
import { seededRandom } from '../../scripts/lib/metrics.ts';

const dims = 64;
const count = 3000;
const random = seededRandom(7);
const unit = () => {
  const v = Float32Array.from({ length: dims }, () => random() - 0.5);
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
};
const vectors = new Float32Array(count * dims);
for (let row = 0; row < count; row++) vectors.set(unit(), row * dims);
const codes = new Int8Array(count * dims);
const scales = new Float32Array(count);
for (let row = 0; row < count; row++) {
  const v = vectors.subarray(row * dims, (row + 1) * dims);
  scales[row] = Math.max(...v.map(Math.abs)) / 127;
  for (let d = 0; d < dims; d++) codes[row * dims + d] = Math.round(v[d] / scales[row]);
}

/** The int8 rows as the kernel sees them (codes x scale): "the same vectors" for recall. */
const decodedVectors = Float32Array.from(codes, (c, i) => c * scales[Math.floor(i / dims)]);
const decoded = (row: number, query: Float32Array) =>
  decodedVectors.subarray(row * dims, (row + 1) * dims).reduce((s, v, d) => s + v * query[d], 0);

/** The exact top k by a full sort of every accepted row's dot product. */
function exactTop(data: Float32Array, query: Float32Array, k: number, accept: (row: number) => boolean = () => true) {
  return Array.from({ length: data.length / dims }, (_, index) => ({
    index,
    score: data.subarray(index * dims, (index + 1) * dims).reduce((s, v, d) => s + v * query[d], 0),
  }))
    .filter((n) => accept(n.index))
    .sort((a, b) => b.score - a.score)
    .slice(0, k);
}

describe('search index', () => {
  it('float index ranks exactly as a full sort', () => {
    const query = unit();
    const expected = exactTop(vectors, query, 10);
    const found = floatIndex(vectors, dims).search(query, 10);
    expect(found.map((m) => m.index)).toEqual(expected.map((n) => n.index));
  });

  it('int8 WASM kernel finds the exact top 10 over the same vectors (recall >= 0.99, scores within 0.01)', async () => {
    const index = await int8Index(codes, scales, dims);
    let recalled = 0;
    for (let q = 0; q < 20; q++) {
      const query = unit();
      const exact = new Set(exactTop(decodedVectors, query, 10).map((n) => n.index));
      const found = index.search(query, 10);
      recalled += found.filter((m) => exact.has(m.index)).length;
      for (const m of found) {
        const cosine = vectors.subarray(m.index * dims, (m.index + 1) * dims).reduce((s, v, d) => s + v * query[d], 0);
        expect(Math.abs(m.similarity - decoded(m.index, query))).toBeLessThan(1e-3);
        expect(Math.abs(m.similarity - cosine)).toBeLessThan(0.01);
      }
    }
    expect(recalled / 200).toBeGreaterThanOrEqual(0.99);
  });

  it("gives back a row's own vector: unit length, and that row is its own nearest neighbour", async () => {
    for (const index of [floatIndex(vectors, dims), await int8Index(codes, scales, dims)]) {
      const own = index.vector(1234);
      expect(Math.hypot(...own)).toBeCloseTo(1, 5);
      const [first] = index.search(own, 1);
      expect(first.index).toBe(1234);
      expect(first.similarity).toBeGreaterThan(0.99);
    }
  });

  it('applies the mask inside the scan: k results, all from accepted rows', async () => {
    const mask = Uint8Array.from({ length: count }, (_, row) => (row % 7 === 3 ? 1 : 0));
    const query = unit();
    for (const index of [floatIndex(vectors, dims), await int8Index(codes, scales, dims)]) {
      const found = index.search(query, 12, { mask });
      expect(found).toHaveLength(12);
      expect(found.every((m) => m.index % 7 === 3)).toBe(true);
      const exact = exactTop(vectors, query, 12, (row) => row % 7 === 3);
      expect(found[0].index).toBe(exact[0].index);
    }
  });

  it('adds the type bonus to the ranking score but reports the plain similarity', () => {
    const typeOf = Uint16Array.from({ length: count }, (_, row) => row % 2);
    const bonus = Float32Array.from([0, 10]);
    const found = floatIndex(vectors, dims).search(unit(), 5, { typeBonus: { typeOf, bonus } });
    expect(found.every((m) => m.index % 2 === 1)).toBe(true);
    for (const m of found) expect(m.score - m.similarity).toBeCloseTo(10, 5);
  });

  it('refuses a query of the wrong size and dims the kernel cannot scan', async () => {
    expect(() => floatIndex(vectors, dims).search(new Float32Array(3), 5)).toThrow(/3 dims/);
    await expect(int8Index(new Int8Array(10), new Float32Array(1), 10)).rejects.toThrow(/multiples of 16/);
  });
});

describe('knn-wasm.ts', () => {
  it('holds exactly what knn.wat assembles to', async () => {
    const { assembleKnn, knnModuleSource } = await import('../../scripts/knn-wasm.ts');
    const committed = readFileSync('src/lib/knn-wasm.ts', 'utf8');
    expect(committed).toBe(knnModuleSource(await assembleKnn()));
  });
});
