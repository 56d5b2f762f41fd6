// Pooling the model's last map (src/lib/pooling.ts), on hand-made maps whose answers are obvious.
import { describe, expect, it } from 'vitest';
import { CHANNELS, MAP_SIZE, pooledDims, poolFeatures } from '../../src/lib/pooling.ts';

/** A 7x7x2048 map (NHWC) whose value at (row, column, channel) is f(row, column, channel). */
function map(f: (row: number, column: number, channel: number) => number): Float32Array {
  const out = new Float32Array(MAP_SIZE * MAP_SIZE * CHANNELS);
  for (let r = 0; r < MAP_SIZE; r++) for (let c = 0; c < MAP_SIZE; c++) for (let k = 0; k < CHANNELS; k++) out[(r * MAP_SIZE + c) * CHANNELS + k] = f(r, c, k);
  return out;
}

const length = (v: Float32Array) => Math.hypot(...v);

describe('poolFeatures', () => {
  it('max: the largest value of each channel, as a unit vector', () => {
    // Channel 0 peaks at row 6, channel 1 at row 0; every other channel is 0.
    const pooled = poolFeatures(map((r, _c, k) => (k === 0 ? r : k === 1 ? 6 - r : 0)), 'max');
    expect(pooled.length).toBe(CHANNELS);
    expect(pooled[0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(pooled[1]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(pooled[2]).toBe(0);
  });

  it('avg: the mean of each channel, as a unit vector', () => {
    // Channel 0 is 1 everywhere, channel 1 is 1 in one position only: means 1 and 1/49.
    const pooled = poolFeatures(map((r, c, k) => (k === 0 || (k === 1 && r === 3 && c === 3) ? 1 : 0)), 'avg');
    expect(pooled[1] / pooled[0]).toBeCloseTo(1 / 49, 6);
    expect(length(pooled)).toBeCloseTo(1, 6);
  });

  it('maxbands: the global max, then the max over rows 0-2, 2-4 and 4-6, each part 1/2 long', () => {
    // Channel 0 is lit in row 1 only, channel 1 in row 3 only, channel 2 in row 6 only.
    const pooled = poolFeatures(map((r, _c, k) => (k === 0 && r === 1) || (k === 1 && r === 3) || (k === 2 && r === 6) ? 1 : 0), 'maxbands');
    expect(pooled.length).toBe(pooledDims('maxbands'));
    const part = (p: number) => [...pooled.subarray(p * CHANNELS, p * CHANNELS + 3)].map((v) => Number(v.toFixed(6)));
    const third = Number((1 / 2 / Math.sqrt(3)).toFixed(6));
    expect(part(0)).toEqual([third, third, third]);
    expect(part(1)).toEqual([0.5, 0, 0]);
    expect(part(2)).toEqual([0, 0.5, 0]);
    expect(part(3)).toEqual([0, 0, 0.5]);
    expect(length(pooled)).toBeCloseTo(1, 6);
  });

  it('refuses anything but a 7x7x2048 map', () => {
    expect(() => poolFeatures(new Float32Array(2048), 'max')).toThrow(/7x7x2048/);
  });
});
