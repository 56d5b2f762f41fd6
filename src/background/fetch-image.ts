// Fetches the clicked image's bytes with the extension's host permissions, bounded in time and size.
import { SearchError } from '../lib/errors.ts';

export const FETCH_TIMEOUT_MS = 15_000;
/** Larger files are refused before decoding: no product photo needs more. */
export const MAX_IMAGE_BYTES = 25 * 1024 * 1024;

export async function fetchImage(url: string): Promise<Blob> {
  if (!/^(https?|data):/i.test(url)) {
    throw new SearchError('unsupported-url', `Lookalike cannot read images from ${url.split(':')[0]}: addresses.`);
  }
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), credentials: 'omit' });
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') {
      throw new SearchError('timeout', `The image did not arrive within ${FETCH_TIMEOUT_MS / 1000} seconds.`);
    }
    throw new SearchError('network', `The image could not be downloaded (${host(url)} did not answer).`);
  }
  if (!response.ok) {
    throw new SearchError('http-status', `The image could not be downloaded: ${host(url)} answered ${response.status}.`);
  }
  const type = response.headers.get('content-type') ?? '';
  if (type && !type.startsWith('image/') && !type.includes('octet-stream')) {
    throw new SearchError('not-an-image', `That address is not an image (it is ${type.split(';')[0]}).`);
  }
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_IMAGE_BYTES) throw tooLarge();
  const blob = await readCapped(response);
  return type ? blob : new Blob([blob], { type: 'image/*' });
}

async function readCapped(response: Response): Promise<Blob> {
  const reader = response.body?.getReader();
  if (!reader) return response.blob();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_IMAGE_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new Blob(chunks as BlobPart[], { type: response.headers.get('content-type') ?? '' });
}

function tooLarge(): SearchError {
  return new SearchError('too-large', `The image is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB, too large to search.`);
}

function host(url: string): string {
  try {
    return new URL(url).host || 'the page';
  } catch {
    return 'the site';
  }
}
