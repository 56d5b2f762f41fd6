import { describe, expect, it } from 'vitest';
import { CAFFE_MEAN_BGR, caffeInput, flattenOnWhite, INPUT_SIZE, preprocess, type RgbImage, resize } from '../../src/lib/preprocess.ts';

function solid(width: number, height: number, rgba: [number, number, number, number]) {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < data.length; i += 4) data.set(rgba, i);
  return { width, height, data };
}

describe('preprocess', () => {
  it('composites transparency on white: c*a + 255*(1-a)', () => {
    const rgb = flattenOnWhite({ width: 2, height: 1, data: new Uint8Array([0, 100, 200, 255, 0, 100, 200, 0]) });
    expect(Array.from(rgb.data)).toEqual([0, 100, 200, 255, 255, 255]);
    const half = flattenOnWhite(solid(1, 1, [0, 0, 0, 51]));
    expect(half.data[0]).toBeCloseTo(255 * (1 - 51 / 255), 4);
  });

  it('turns RGB into BGR minus the ImageNet means, without scaling', () => {
    const out = caffeInput({ width: 1, height: 1, data: new Float32Array([10, 20, 30]) });
    expect(out[0]).toBeCloseTo(30 - CAFFE_MEAN_BGR[0], 4);
    expect(out[1]).toBeCloseTo(20 - CAFFE_MEAN_BGR[1], 4);
    expect(out[2]).toBeCloseTo(10 - CAFFE_MEAN_BGR[2], 4);
  });

  it('resizes a flat image to the same flat colour, up and down', () => {
    for (const [w, h] of [[60, 80], [1000, 700], [3, 500]]) {
      const out = resize(flattenOnWhite(solid(w, h, [12, 34, 56, 255])), INPUT_SIZE, INPUT_SIZE);
      expect(out.width).toBe(INPUT_SIZE);
      expect(out.height).toBe(INPUT_SIZE);
      const expected = [12, 34, 56];
      const worst = out.data.reduce((m, v, i) => Math.max(m, Math.abs(v - expected[i % 3])), 0);
      expect(worst).toBeLessThan(1e-3);
    }
  });

  it('keeps an image of the same size unchanged and averages when halving', () => {
    const image: RgbImage = { width: 2, height: 1, data: new Float32Array([0, 0, 0, 200, 100, 50]) };
    expect(Array.from(resize(image, 2, 1).data)).toEqual([0, 0, 0, 200, 100, 50]);
    expect(Array.from(resize(image, 1, 1).data)).toEqual([100, 50, 25]);
  });

  it('gives the model a 224x224x3 caffe input', () => {
    const out = preprocess(solid(80, 60, [255, 255, 255, 255]));
    expect(out.length).toBe(INPUT_SIZE * INPUT_SIZE * 3);
    expect(out[0]).toBeCloseTo(255 - CAFFE_MEAN_BGR[0], 3);
    expect(out[out.length - 1]).toBeCloseTo(255 - CAFFE_MEAN_BGR[2], 3);
  });
});
