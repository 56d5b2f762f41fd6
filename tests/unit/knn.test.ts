import { describe, expect, it } from 'vitest';
import { floatIndex } from '../../src/lib/search-index.ts';

/** The brute-force scan the extension uses for float packs, as topK(vectors, dims, query, k, mask). */
const topK = (data: Float32Array, dims: number, query: Float32Array, k: number, mask?: Uint8Array) =>
  floatIndex(data, dims).search(query, k, { mask });

const s = Math.SQRT1_2;
// Four unit vectors in 2-D: east, north-east, north, west.
const vectors = new Float32Array([1, 0, s, s, 0, 1, -1, 0]);

describe('float index scan', () => {
  it('ranks by cosine, best first', () => {
    const result = topK(vectors, 2, new Float32Array([1, 0]), 3);
    expect(result.map((n) => n.index)).toEqual([0, 1, 2]);
    expect(result[0].score).toBeCloseTo(1);
    expect(result[1].score).toBeCloseTo(s);
  });

  it('applies the filter inside the scan, so rejected rows take no slot', () => {
    const result = topK(vectors, 2, new Float32Array([1, 0]), 2, Uint8Array.from([0, 1, 1, 1]));
    expect(result.map((n) => n.index)).toEqual([1, 2]);
  });

  it('returns everything when k exceeds the count, and nothing for k = 0', () => {
    expect(topK(vectors, 2, new Float32Array([0, 1]), 10).map((n) => n.index)).toEqual([2, 1, 0, 3]);
    expect(topK(vectors, 2, new Float32Array([0, 1]), 0)).toEqual([]);
  });

  it('refuses a query of the wrong length', () => {
    expect(() => topK(vectors, 2, new Float32Array(3), 1)).toThrow(/dims/);
  });

  it('matches a full sort on random data', () => {
    const dims = 16;
    const count = 500;
    const data = Float32Array.from({ length: dims * count }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 % 1);
    const query = Float32Array.from({ length: dims }, (_, i) => Math.cos(i));
    const scores = Array.from({ length: count }, (_, r) => data.slice(r * dims, (r + 1) * dims).reduce((a, v, d) => a + v * query[d], 0));
    const expected = scores.map((score, index) => ({ index, score })).sort((a, b) => b.score - a.score).slice(0, 7);
    expect(topK(data, dims, query, 7).map((n) => n.index)).toEqual(expected.map((n) => n.index));
  });
});
