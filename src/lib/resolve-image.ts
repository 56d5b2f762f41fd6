// Finds the best image URL for the element the user right-clicked: the largest srcset or
// <picture> candidate, the real URL behind a lazy-load placeholder, or a CSS background.
import { largestCandidate, parseSrcset, type SrcsetCandidate } from './srcset.ts';

export type ImageSource = 'img' | 'srcset' | 'picture' | 'lazy' | 'background';

export interface ResolvedImage {
  url: string;
  source: ImageSource;
}

const LAZY_ATTRIBUTES = ['data-src', 'data-lazy', 'data-lazy-src', 'data-original'] as const;
const LAZY_SRCSET_ATTRIBUTES = ['data-srcset', 'data-lazy-srcset'] as const;
/** How far up the tree a CSS background or wrapped image is looked for. */
const ANCESTOR_DEPTH = 4;

export function resolveImage(target: Element): ResolvedImage | null {
  for (let el: Element | null = target, depth = 0; el && depth <= ANCESTOR_DEPTH; depth++) {
    const found = fromElement(el);
    if (found) return found;
    el = el.parentElement;
  }
  return null;
}

function fromElement(el: Element): ResolvedImage | null {
  if (el instanceof HTMLImageElement) return fromImg(el);
  const background = backgroundUrl(el);
  if (background) return { url: absolute(background, el), source: 'background' };
  // A link or card wrapping exactly one image: the image is what the shopper meant.
  const images = el.querySelectorAll('img');
  return images.length === 1 ? fromImg(images[0]) : null;
}

function fromImg(img: HTMLImageElement): ResolvedImage | null {
  const candidates: { c: SrcsetCandidate; source: ImageSource }[] = [];
  const add = (srcset: string | null, source: ImageSource) => {
    for (const c of parseSrcset(srcset ?? '')) candidates.push({ c, source });
  };
  add(img.getAttribute('srcset'), 'srcset');
  if (img.parentElement instanceof HTMLPictureElement) {
    for (const s of img.parentElement.querySelectorAll('source')) add(s.getAttribute('srcset'), 'picture');
  }
  for (const name of LAZY_SRCSET_ATTRIBUTES) add(img.getAttribute(name), 'lazy');
  const best = largestCandidate(candidates.map((x) => x.c));
  if (best?.width) {
    return { url: absolute(best.url, img), source: candidates.find((x) => x.c === best)?.source ?? 'srcset' };
  }
  const lazy = LAZY_ATTRIBUTES.map((a) => img.getAttribute(a)).find((v) => v && !isPlaceholder(v));
  const current = img.currentSrc || img.getAttribute('src') || '';
  if (lazy && (!current || isPlaceholder(current) || img.naturalWidth <= 1)) {
    return { url: absolute(lazy, img), source: 'lazy' };
  }
  if ((best?.density ?? 1) > 1 && best) {
    return { url: absolute(best.url, img), source: candidates.find((x) => x.c === best)?.source ?? 'srcset' };
  }
  if (current && !isPlaceholder(current)) return { url: absolute(current, img), source: 'img' };
  return null;
}

/** Tiny inline GIFs/SVGs and "blank" images that lazy loaders show before the real one. */
function isPlaceholder(url: string): boolean {
  return /^data:image\/(gif|svg)/i.test(url) || (url.startsWith('data:') && url.length < 200) || /(^|\/)(blank|spacer|pixel|placeholder)\.(gif|png|svg)/i.test(url);
}

function backgroundUrl(el: Element): string | null {
  const view = el.ownerDocument.defaultView;
  const style = view?.getComputedStyle(el).backgroundImage ?? '';
  const match = /url\((['"]?)(.*?)\1\)/.exec(style);
  return match ? match[2] : null;
}

function absolute(url: string, el: Element): string {
  try {
    return new URL(url, el.ownerDocument.baseURI).href;
  } catch {
    return url;
  }
}
