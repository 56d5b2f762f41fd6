import { describe, expect, it } from 'vitest';
import { cssImageUrl } from '../../src/lib/css-image.ts';

describe('cssImageUrl', () => {
  it('reads url() with or without quotes', () => {
    expect(cssImageUrl('url("https://a.example/x.jpg")')).toBe('https://a.example/x.jpg');
    expect(cssImageUrl("url('y.png')")).toBe('y.png');
    expect(cssImageUrl('url(z.webp)')).toBe('z.webp');
  });

  it('skips gradients and none', () => {
    expect(cssImageUrl('none')).toBeNull();
    expect(cssImageUrl('linear-gradient(red, blue)')).toBeNull();
    expect(cssImageUrl('linear-gradient(red, blue), url("photo.jpg")')).toBe('photo.jpg');
  });

  it('takes the highest resolution of an image-set()', () => {
    expect(cssImageUrl('image-set(url("a-1x.jpg") 1x, url("a-2x.jpg") 2x)')).toBe('a-2x.jpg');
    expect(cssImageUrl('-webkit-image-set(url(b-2x.jpg) 2x, url(b-1x.jpg) 1x)')).toBe('b-2x.jpg');
    expect(cssImageUrl('image-set("c-1x.avif" 1x, "c-3x.avif" 3dppx)')).toBe('c-3x.avif');
  });
});
