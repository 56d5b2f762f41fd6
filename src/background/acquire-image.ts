// Gets the clicked image's bytes: asks the content script what was clicked, downloads it with
// the extension's host permissions, and falls back to the page's own copy where a site refuses
// the download (hotlink protection). SVG is drawn by the page, since workers cannot draw it.
import browser from 'webextension-polyfill';
import { SearchError } from '../lib/errors.ts';
import { type CapturedImage, message, type MessageType, type ProtocolMap } from '../lib/protocol.ts';
import { fetchImage } from './fetch-image.ts';

export interface ImageRequest {
  /** The image URL, when already known (the menu's srcUrl, or a retry). */
  srcUrl?: string;
  tabId?: number;
  frameId?: number;
}

export interface AcquiredImage {
  blob: Blob;
  /** Where the image came from ('' for pixels only the page had, such as a canvas). */
  srcUrl: string;
}

export async function acquireImage(request: ImageRequest): Promise<AcquiredImage> {
  const captured = await askPage(request, 'resolveClickedImage', {});
  if (captured && 'error' in captured) throw new SearchError('unreadable', captured.error);
  const url = captured?.url || request.srcUrl || '';
  const blob = captured?.dataUrl ? await fetchImage(captured.dataUrl) : await download(request, url, captured);
  // A data: URL is the image itself: not worth keeping in history as an address.
  return { blob: await drawnIfSvg(request, blob), srcUrl: url.startsWith('data:') ? '' : url };
}

async function download(request: ImageRequest, srcUrl: string, captured: CapturedImage | null): Promise<Blob> {
  if (!srcUrl) {
    throw new SearchError('no-image', 'No image was found where you right-clicked. Right-click directly on a product photo.');
  }
  try {
    return await fetchImage(srcUrl);
  } catch (error) {
    const refused = error instanceof SearchError && (error.code === 'http-status' || error.code === 'network');
    if (!refused || !captured) throw error;
    const copy = await askPage(request, 'readLoadedImage', { url: srcUrl });
    if (copy && 'dataUrl' in copy) return fetchImage(copy.dataUrl);
    throw new SearchError(error.code, `${error.message} ${copy?.error ?? ''}`.trim());
  }
}

async function drawnIfSvg(request: ImageRequest, blob: Blob): Promise<Blob> {
  if (!blob.type.includes('svg')) return blob;
  const drawn = await askPage(request, 'rasterizeSvg', { svg: await blob.text() });
  if (drawn && 'dataUrl' in drawn) return fetchImage(drawn.dataUrl);
  throw new SearchError(
    'unsupported-format',
    drawn?.error ?? 'SVG images can only be searched from the page that shows them; reload the page and try again.',
  );
}

/** A message to the content script in the clicked frame; null where there is none (browser pages, or loaded before install). */
async function askPage<K extends MessageType>(
  request: ImageRequest,
  type: K,
  data: ProtocolMap[K]['request'],
): Promise<ProtocolMap[K]['response'] | null> {
  if (request.tabId === undefined || request.tabId < 0) return null;
  try {
    const reply = await browser.tabs.sendMessage(request.tabId, message(type, data), { frameId: request.frameId ?? 0 });
    return (reply as ProtocolMap[K]['response']) ?? null;
  } catch {
    return null;
  }
}
