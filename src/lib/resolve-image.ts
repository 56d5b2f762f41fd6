// Finds the image the user meant from the element they right-clicked: the largest srcset or
// <picture> candidate, the real URL behind a lazy-load placeholder, a CSS background (also on
// ::before/::after, image-set()), an SVG <image>, a video poster, a canvas or an inline SVG, or
// the image under the cursor when an overlay or a link swallowed the click.
import { cssImageUrl } from './css-image.ts';
import { largestCandidate, parseSrcset, type SrcsetCandidate } from './srcset.ts';

export type ImageSource =
  | 'img'
  | 'srcset'
  | 'picture'
  | 'lazy'
  | 'background'
  | 'svg-image'
  | 'poster'
  | 'canvas'
  | 'inline-svg';

export interface ImageTarget {
  /** Absolute URL; absent for a canvas or inline SVG, whose pixels only the page has. */
  url?: string;
  source: ImageSource;
  element: Element;
}

const LAZY_ATTRIBUTES = ['data-src', 'data-lazy', 'data-lazy-src', 'data-original', 'data-zoom-image', 'data-large_image', 'data-hires'];
const LAZY_SRCSET_ATTRIBUTES = ['data-srcset', 'data-lazy-srcset'];
/** How far up the tree a CSS background or wrapped image is looked for. */
const ANCESTOR_DEPTH = 4;

export function resolveImage(target: Element, point?: { x: number; y: number }): ImageTarget | null {
  const direct = fromElement(target);
  if (direct) return direct;
  // An overlay or link on top of the picture: look at what is under the cursor.
  for (const el of point ? elementsAt(target.ownerDocument, point) : []) {
    if (el === target || el.localName === 'html' || el.localName === 'body') continue;
    const under = fromElement(el);
    if (under) return under;
  }
  for (let el = target.parentElement ?? hostOf(target), depth = 0; el && depth < ANCESTOR_DEPTH; depth++) {
    const found = fromElement(el) ?? onlyImageInside(el);
    if (found) return found;
    el = el.parentElement ?? hostOf(el);
  }
  return onlyImageInside(target);
}

function fromElement(el: Element): ImageTarget | null {
  const view = el.ownerDocument.defaultView;
  if (view && el instanceof view.HTMLImageElement) return fromImg(el);
  if (view && el instanceof view.HTMLPictureElement) {
    const img = el.querySelector('img');
    return img ? fromImg(img) : null;
  }
  if (view && el instanceof view.HTMLVideoElement && el.poster) {
    return { url: absolute(el.getAttribute('poster') ?? el.poster, el), source: 'poster', element: el };
  }
  if (view && el instanceof view.HTMLCanvasElement) return { source: 'canvas', element: el };
  if (el.localName === 'image' && el.namespaceURI === 'http://www.w3.org/2000/svg') {
    const href = el.getAttribute('href') ?? el.getAttributeNS('http://www.w3.org/1999/xlink', 'href');
    if (href) return { url: absolute(href, el), source: 'svg-image', element: el };
  }
  if (el.localName === 'svg') {
    const image = el.querySelector('image');
    return (image && fromElement(image)) || { source: 'inline-svg', element: el };
  }
  const background = backgroundUrl(el);
  return background ? { url: absolute(background, el), source: 'background', element: el } : null;
}

/** A link or card wrapping exactly one image: the image is what the shopper meant. */
function onlyImageInside(el: Element): ImageTarget | null {
  const images = el.querySelectorAll('img');
  return images.length === 1 ? fromElement(images[0]) : null;
}

function fromImg(img: HTMLImageElement): ImageTarget | null {
  const candidates: { c: SrcsetCandidate; source: ImageSource }[] = [];
  const add = (srcset: string | null, source: ImageSource) => {
    for (const c of parseSrcset(srcset ?? '')) candidates.push({ c, source });
  };
  add(img.getAttribute('srcset'), 'srcset');
  if (img.parentElement?.localName === 'picture') {
    for (const s of img.parentElement.querySelectorAll('source')) add(s.getAttribute('srcset'), 'picture');
  }
  for (const name of LAZY_SRCSET_ATTRIBUTES) add(img.getAttribute(name), 'lazy');
  const best = largestCandidate(candidates.map((x) => x.c));
  const bestSource = candidates.find((x) => x.c === best)?.source ?? 'srcset';
  if (best?.width) return { url: absolute(best.url, img), source: bestSource, element: img };
  const lazy = LAZY_ATTRIBUTES.map((a) => img.getAttribute(a)).find((v) => v && !isPlaceholder(v));
  const current = img.currentSrc || img.getAttribute('src') || '';
  if (lazy && (!current || isPlaceholder(current) || (img.complete && img.naturalWidth <= 1))) {
    return { url: absolute(lazy, img), source: 'lazy', element: img };
  }
  if (best && (best.density ?? 1) > 1) return { url: absolute(best.url, img), source: bestSource, element: img };
  if (current && !isPlaceholder(current)) return { url: absolute(current, img), source: 'img', element: img };
  return null;
}

/** Tiny inline GIFs/SVGs and "blank" images that lazy loaders show before the real one. */
function isPlaceholder(url: string): boolean {
  return (
    /^data:image\/(gif|svg)/i.test(url) ||
    (url.startsWith('data:') && url.length < 200) ||
    /(^|\/)(blank|spacer|pixel|placeholder|transparent)\.(gif|png|svg)/i.test(url)
  );
}

function backgroundUrl(el: Element): string | null {
  const view = el.ownerDocument.defaultView;
  if (!view) return null;
  for (const pseudo of [null, '::before', '::after']) {
    const url = cssImageUrl(view.getComputedStyle(el, pseudo).backgroundImage ?? '');
    if (url) return url;
  }
  return null;
}

/** Every element under the point, topmost first, looking inside open shadow roots. */
function elementsAt(doc: Document, point: { x: number; y: number }): Element[] {
  const out: Element[] = [];
  const visit = (root: Document | ShadowRoot) => {
    for (const el of root.elementsFromPoint(point.x, point.y)) {
      if (out.includes(el)) continue;
      if (el.shadowRoot && el.shadowRoot !== root) visit(el.shadowRoot);
      if (!out.includes(el)) out.push(el);
    }
  };
  visit(doc);
  return out;
}

function hostOf(el: Element): Element | null {
  const root = el.getRootNode();
  return 'host' in root ? (root as ShadowRoot).host : null;
}

function absolute(url: string, el: Element): string {
  try {
    return new URL(url, el.ownerDocument.baseURI).href;
  } catch {
    return url;
  }
}
