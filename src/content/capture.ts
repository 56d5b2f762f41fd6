// Hands the clicked image to the worker: its URL, or its pixels where only the page can read them
// (canvas, inline SVG, blob: URLs, hotlink-protected images already on screen).
import type { CapturedImage, CaptureFailure } from '../lib/protocol.ts';
import type { ImageTarget } from '../lib/resolve-image.ts';

const SVG_SIDE = 512;
const TAINTED = 'The site does not let extensions read this image (it is served from another site without permission to read its pixels).';

export async function capture(target: ImageTarget): Promise<CapturedImage | CaptureFailure> {
  const { source, element } = target;
  if (source === 'canvas') {
    const pixels = canvasPixels(element as HTMLCanvasElement);
    return 'error' in pixels ? pixels : { url: '', source, dataUrl: pixels.dataUrl };
  }
  if (source === 'inline-svg') {
    const drawn = await rasterizeSvg(new XMLSerializer().serializeToString(element));
    return 'error' in drawn ? drawn : { url: '', source, dataUrl: drawn.dataUrl };
  }
  const url = target.url ?? '';
  if (url.startsWith('blob:')) {
    // blob: URLs belong to this page; the worker cannot open them.
    try {
      return { url, source, dataUrl: await blobToDataUrl(await (await fetch(url)).blob()) };
    } catch {
      return { error: 'The page has already released this image (a temporary blob: address).' };
    }
  }
  return { url, source };
}

/** Reads the pixels of an image the page already shows (for sites that refuse the worker's download). */
export async function readLoadedImage(url: string): Promise<{ dataUrl: string } | CaptureFailure> {
  const shown = [...document.images].find((img) => (img.currentSrc === url || img.src === url) && img.complete && img.naturalWidth > 0);
  const image = shown ?? (await loadImage(url));
  if (!image) return { error: 'The page does not show this image, so it cannot be read from the page either.' };
  const canvas = document.createElement('canvas');
  canvas.width = image.naturalWidth;
  canvas.height = image.naturalHeight;
  const ctx = canvas.getContext('2d');
  if (!ctx) return { error: 'No canvas is available to read the image.' };
  ctx.drawImage(image, 0, 0);
  return canvasPixels(canvas);
}

/** Draws SVG markup at up to 512 px on its longer side and returns PNG pixels. */
export async function rasterizeSvg(svg: string): Promise<{ dataUrl: string } | CaptureFailure> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = await loadImage(url);
    if (!image) return { error: 'The SVG image could not be drawn.' };
    const natural = Math.max(image.naturalWidth, image.naturalHeight) || SVG_SIDE;
    const scale = SVG_SIDE / natural;
    const canvas = document.createElement('canvas');
    canvas.width = Math.round((image.naturalWidth || SVG_SIDE) * scale);
    canvas.height = Math.round((image.naturalHeight || SVG_SIDE) * scale);
    canvas.getContext('2d')?.drawImage(image, 0, 0, canvas.width, canvas.height);
    return canvasPixels(canvas);
  } finally {
    URL.revokeObjectURL(url);
  }
}

function canvasPixels(canvas: HTMLCanvasElement): { dataUrl: string } | CaptureFailure {
  try {
    return { dataUrl: canvas.toDataURL('image/png') };
  } catch {
    return { error: TAINTED };
  }
}

function loadImage(url: string): Promise<HTMLImageElement | null> {
  return new Promise((done) => {
    const image = new Image();
    image.onload = () => done(image);
    image.onerror = () => done(null);
    image.src = url;
  });
}

function blobToDataUrl(blob: Blob): Promise<string> {
  return new Promise((done, fail) => {
    const reader = new FileReader();
    reader.onload = () => done(reader.result as string);
    reader.onerror = () => fail(reader.error);
    reader.readAsDataURL(blob);
  });
}
