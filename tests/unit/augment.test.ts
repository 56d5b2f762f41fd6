import { describe, expect, it } from 'vitest';
import { augment, foregroundMask } from '../../scripts/lib/augment.ts';

/** A 60x80 packshot: white backdrop, a dark garment in the middle. */
function packshot() {
  const width = 60;
  const height = 80;
  const data = new Uint8ClampedArray(width * height * 4).fill(255);
  for (let y = 20; y < 60; y++) {
    for (let x = 15; x < 45; x++) data.set([30, 40, 120, 255], (y * width + x) * 4);
  }
  return { width, height, data };
}

describe('training augmentation', () => {
  it('masks the white backdrop reachable from the border and keeps the garment', () => {
    const alpha = foregroundMask(packshot());
    expect(alpha[0]).toBe(0);
    expect(alpha[40 * 60 + 30]).toBe(1);
  });

  it('is the same for the same seed and differs between seeds', () => {
    const a = augment(packshot(), 7);
    expect(augment(packshot(), 7).data).toEqual(a.data);
    expect(augment(packshot(), 8).data).not.toEqual(a.data);
  });

  it('replaces the studio white with a drawn surface (not white at the corners)', () => {
    let whiteCorners = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const { width, height, data } = augment(packshot(), seed);
      for (const [x, y] of [[0, 0], [width - 1, 0], [0, height - 1], [width - 1, height - 1]]) {
        const i = (y * width + x) * 4;
        if (Math.min(data[i], data[i + 1], data[i + 2]) > 245) whiteCorners++;
      }
    }
    expect(whiteCorners).toBeLessThan(8);
  });
});
