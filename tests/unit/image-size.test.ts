import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { imageSize } from '../../src/lib/image-size.ts';

const solid = () => sharp({ create: { width: 321, height: 123, channels: 3, background: '#c00' } });

describe('imageSize', () => {
  it.each([
    ['png', () => solid().png()],
    ['gif', () => solid().gif()],
    ['jpeg', () => solid().jpeg()],
    ['progressive jpeg', () => solid().jpeg({ progressive: true })],
    ['lossy webp', () => solid().webp()],
    ['lossless webp', () => solid().webp({ lossless: true })],
  ])('reads %s headers', async (_, make) => {
    expect(imageSize(new Uint8Array(await make().toBuffer()))).toEqual({ width: 321, height: 123 });
  });

  it('gives null for bytes it does not know', () => {
    expect(imageSize(new TextEncoder().encode('<html>not an image</html>'))).toBeNull();
    expect(imageSize(new Uint8Array([0xff, 0xd8, 0x00]))).toBeNull();
  });
});
