// @vitest-environment happy-dom
// @vitest-environment-options { "url": "https://shop.example/products/list" }
import { describe, expect, it } from 'vitest';
import { resolveImage as resolveTarget } from '../../src/lib/resolve-image.ts';
import { largestCandidate, parseSrcset } from '../../src/lib/srcset.ts';

const base = 'https://shop.example/products/';

function resolveImage(target: Element) {
  const found = resolveTarget(target);
  return found && { url: found.url, source: found.source };
}

function fixture(html: string): Element {
  document.body.innerHTML = html;
  const target = document.querySelector('[data-target]');
  if (!target) throw new Error('fixture needs a [data-target]');
  return target;
}

describe('srcset', () => {
  it('parses width and density descriptors, including URLs with commas', () => {
    expect(parseSrcset('a.jpg 300w, b.jpg 1200w,c.jpg 600w')).toEqual([
      { url: 'a.jpg', width: 300 },
      { url: 'b.jpg', width: 1200 },
      { url: 'c.jpg', width: 600 },
    ]);
    expect(parseSrcset('https://cdn.example/x,w_400.jpg 1x, https://cdn.example/x,w_800.jpg 2x')).toEqual([
      { url: 'https://cdn.example/x,w_400.jpg', density: 1 },
      { url: 'https://cdn.example/x,w_800.jpg', density: 2 },
    ]);
    expect(largestCandidate(parseSrcset('a.jpg, b.jpg 3x, c.jpg 2x'))?.url).toBe('b.jpg');
  });
});

describe('resolveImage', () => {
  it('takes a plain <img> src, made absolute', () => {
    expect(resolveImage(fixture('<img data-target src="shirt.jpg">'))).toEqual({ url: `${base}shirt.jpg`, source: 'img' });
  });

  it('takes the largest srcset candidate, not the thumbnail shown', () => {
    const img = fixture('<img data-target src="small.jpg" srcset="small.jpg 200w, huge.jpg 1600w, mid.jpg 800w" sizes="200px">');
    expect(resolveImage(img)).toEqual({ url: `${base}huge.jpg`, source: 'srcset' });
  });

  it('takes the largest <picture> source', () => {
    const img = fixture(
      '<picture><source srcset="p-800.webp 800w, p-1400.webp 1400w" type="image/webp"><img data-target src="p-400.jpg"></picture>',
    );
    expect(resolveImage(img)).toEqual({ url: `${base}p-1400.webp`, source: 'picture' });
  });

  it('takes the real URL behind a lazy-load placeholder', () => {
    const img = fixture(
      '<img data-target src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/real/dress.jpg">',
    );
    expect(resolveImage(img)).toEqual({ url: 'https://shop.example/real/dress.jpg', source: 'lazy' });
  });

  it('takes a CSS background image on the element', () => {
    const div = fixture('<div data-target style="background-image: url(&quot;bg/jacket.jpg&quot;); width: 100px; height: 100px"></div>');
    expect(resolveImage(div)).toEqual({ url: `${base}bg/jacket.jpg`, source: 'background' });
  });

  it('takes a CSS background from a stylesheet on an ancestor of the clicked element', () => {
    const span = fixture(
      '<style>.tile { background-image: url(/tiles/bag.png) }</style><div class="tile"><div><span data-target>Bag</span></div></div>',
    );
    expect(resolveImage(span)).toEqual({ url: 'https://shop.example/tiles/bag.png', source: 'background' });
  });

  it('finds the one image inside a clicked link or card', () => {
    const link = fixture('<a data-target href="/p/1"><img src="card.jpg"><span>Shoes</span></a>');
    expect(resolveImage(link)).toEqual({ url: `${base}card.jpg`, source: 'img' });
  });

  it('finds nothing where there is no image', () => {
    expect(resolveImage(fixture('<main><p data-target>Just text</p></main>'))).toBeNull();
  });
});
