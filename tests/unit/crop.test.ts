import { describe, expect, it } from 'vitest';
import { clampCrop, cropBetween, cropPixels, isCrop, isFull, MIN_CROP, moveCrop, resizeCrop } from '../../src/lib/crop.ts';

describe('crop box', () => {
  it('is drawn between two points in any direction, inside the image', () => {
    expect(cropBetween(0.8, 0.9, 0.2, 0.3)).toEqual({ x: 0.2, y: 0.3, width: 0.6000000000000001, height: 0.6000000000000001 });
    expect(cropBetween(-1, -1, 2, 2)).toEqual({ x: 0, y: 0, width: 1, height: 1 });
  });

  it('never gets smaller than MIN_CROP, even from a click without a drag', () => {
    const c = cropBetween(0.99, 0.99, 0.99, 0.99);
    expect(c.width).toBe(MIN_CROP);
    expect(c.x + c.width).toBeLessThanOrEqual(1);
  });

  it('moves and resizes without leaving the image', () => {
    const c = { x: 0.5, y: 0.5, width: 0.4, height: 0.4 };
    expect(moveCrop(c, 0.3, -0.7)).toEqual({ x: 0.6, y: 0, width: 0.4, height: 0.4 });
    expect(resizeCrop(c, 0.3, -0.5)).toEqual({ x: 0.5, y: 0.5, width: 0.5, height: MIN_CROP });
    expect(clampCrop({ x: 0.9, y: 0.9, width: 0.5, height: 0.05 })).toEqual({ x: 0.5, y: 0.9, width: 0.5, height: MIN_CROP });
  });

  it('maps to whole pixels inside the image', () => {
    expect(cropPixels({ x: 0.25, y: 0.5, width: 0.5, height: 0.5 }, 400, 300)).toEqual({ sx: 100, sy: 150, sw: 200, sh: 150 });
    expect(cropPixels({ x: 0.999, y: 0, width: 0.1, height: 1 }, 10, 10)).toEqual({ sx: 9, sy: 0, sw: 1, sh: 10 });
  });

  it('validates stored crops and knows the whole image', () => {
    expect(isCrop({ x: 0, y: 0, width: 1, height: 1 })).toBe(true);
    expect(isCrop({ x: 0.5, y: 0, width: 0.6, height: 1 })).toBe(false);
    expect(isCrop({ x: 0, y: 0, width: Number.NaN, height: 1 })).toBe(false);
    expect(isFull(undefined)).toBe(true);
    expect(isFull({ x: 0, y: 0, width: 0.5, height: 1 })).toBe(false);
  });
});
