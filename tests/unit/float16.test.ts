import { describe, expect, it } from 'vitest';
import { decodeFloat16, encodeFloat16, fromFloat16Bits, toFloat16Bits } from '../../src/lib/float16.ts';

describe('float16', () => {
  it('encodes known values exactly', () => {
    expect(toFloat16Bits(1)).toBe(0x3c00);
    expect(toFloat16Bits(-2)).toBe(0xc000);
    expect(toFloat16Bits(65504)).toBe(0x7bff);
    expect(toFloat16Bits(1e6)).toBe(0x7c00);
    expect(toFloat16Bits(2 ** -24)).toBe(0x0001);
    expect(toFloat16Bits(0)).toBe(0);
    expect(fromFloat16Bits(0x3555)).toBeCloseTo(1 / 3, 3);
  });

  it('round-trips within half-precision error', () => {
    const values = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 3);
    const back = decodeFloat16(encodeFloat16(values));
    const worst = values.reduce((m, v, i) => Math.max(m, Math.abs(back[i] - v) / (Math.abs(v) * 2 ** -11 + 2 ** -24)), 0);
    expect(worst).toBeLessThanOrEqual(1);
  });
});
