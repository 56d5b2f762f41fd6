import { describe, expect, it } from 'vitest';
import { decodePack, encodePack, type PackRecipe } from '../../src/lib/pack.ts';

const recipe: PackRecipe = { modelId: 'm1', preprocessId: 'p1', headId: 'none', dims: 4 };
const ids = ['a', 'b'];
const vectors = new Float32Array([0.5, -0.5, 0.5, -0.5, 1, 0, 0, 0]);

function bytesOf(view: Uint8Array): ArrayBuffer {
  return view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength) as ArrayBuffer;
}

describe('catalogue pack', () => {
  it.each(['float16', 'float32'] as const)('round-trips %s vectors and ids exactly (values representable in both)', (dtype) => {
    const { header, vectorBytes } = encodePack(recipe, ids, vectors, dtype);
    expect(header).toMatchObject({ format: 'lookalike-pack', version: 1, count: 2, dims: 4, dtype });
    const pack = decodePack(JSON.parse(JSON.stringify(header)), bytesOf(vectorBytes), ids, recipe);
    expect(pack.ids).toEqual(ids);
    expect(Array.from(pack.vectors)).toEqual(Array.from(vectors));
  });

  it('round-trips int8 vectors within a step of their per-vector scale', () => {
    const { header, vectorBytes } = encodePack(recipe, ids, vectors, 'int8');
    expect(vectorBytes.byteLength).toBe(2 * (4 + 4));
    const pack = decodePack(header, bytesOf(vectorBytes), ids, recipe);
    const worst = pack.vectors.reduce((m, v, i) => Math.max(m, Math.abs(v - vectors[i])), 0);
    expect(worst).toBeLessThanOrEqual(1 / 254 + 1e-6);
    expect(pack.vectors[4]).toBeCloseTo(1, 6);
  });

  it('stores float16 in half the bytes', () => {
    expect(encodePack(recipe, ids, vectors, 'float16').vectorBytes.byteLength).toBe(16);
    expect(encodePack(recipe, ids, vectors, 'float32').vectorBytes.byteLength).toBe(32);
  });

  it.each([
    ['modelId', { ...recipe, modelId: 'other-model' }],
    ['preprocessId', { ...recipe, preprocessId: 'other-preprocessing' }],
    ['headId', { ...recipe, headId: 'head-256-abc' }],
    ['dims', { ...recipe, dims: 8 }],
  ])('rejects a pack whose %s does not match the model', (key, expected) => {
    const { header, vectorBytes } = encodePack(recipe, ids, vectors);
    expect(() => decodePack(header, bytesOf(vectorBytes), ids, expected)).toThrow(new RegExp(`${key}.*rebuild`));
  });

  it('rejects truncated vectors, a short id list and a foreign header', () => {
    const { header, vectorBytes } = encodePack(recipe, ids, vectors);
    expect(() => decodePack(header, bytesOf(vectorBytes.subarray(0, 8)), ids, recipe)).toThrow(/holds 8 bytes/);
    expect(() => decodePack(header, bytesOf(vectorBytes), ['a'], recipe)).toThrow(/1 ids/);
    expect(() => decodePack({ ...header, format: 'x' as 'lookalike-pack' }, bytesOf(vectorBytes), ids, recipe)).toThrow(/header/);
  });

  it('refuses to encode a vector count that does not match the ids', () => {
    expect(() => encodePack(recipe, ['a'], vectors)).toThrow(/1 ids but 2 vectors/);
  });
});
