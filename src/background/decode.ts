// Decodes image bytes in the worker (createImageBitmap + OffscreenCanvas) to RGBA, plus the small
// copies history keeps: a thumbnail for the list and the photo itself for cropping and re-running.
import { type Crop, cropPixels, isFull } from '../lib/crop.ts';
import { SearchError } from '../lib/errors.ts';
import { imageSize } from '../lib/image-size.ts';
import { MIN_SIDE, type RgbaImage } from '../lib/preprocess.ts';

/** Decoding larger images costs memory for no gain at 224x224; they are scaled down while decoding. */
export const MAX_DECODE_SIDE = 2048;
/** Beyond this an image is refused before decoding (a decompression bomb, or no product photo). */
export const MAX_PIXELS = 100_000_000;
const THUMBNAIL_SIDE = 96;
/** The photo history keeps: a crop of half of it still has the model's 224 px. */
const STORED_SIDE = 448;
/** JPEG EXIF blocks can sit before the frame header; this much is always enough to find it. */
const HEADER_BYTES = 256 * 1024;

export async function decodeBlob(blob: Blob): Promise<ImageBitmap> {
  const size = imageSize(new Uint8Array(await blob.slice(0, HEADER_BYTES).arrayBuffer()));
  if (size && size.width * size.height > MAX_PIXELS) {
    throw new SearchError(
      'too-large',
      `The image is ${size.width}x${size.height} pixels, more than the ${MAX_PIXELS / 1e6} megapixels Lookalike will decode.`,
    );
  }
  const longest = size ? Math.max(size.width, size.height) : 0;
  // Only the width is given, so the aspect ratio survives whatever EXIF orientation does.
  const shrink: ImageBitmapOptions =
    longest > MAX_DECODE_SIDE && size ? { resizeWidth: Math.round((size.width * MAX_DECODE_SIDE) / longest), resizeQuality: 'high' } : {};
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image', premultiplyAlpha: 'none', ...shrink });
  } catch {
    throw new SearchError('decode-failed', 'The file could not be read as an image: it may be damaged or in an unsupported format.');
  }
  const { width, height } = bitmap;
  if (width < MIN_SIDE || height < MIN_SIDE) {
    bitmap.close();
    throw new SearchError(
      'too-small',
      `The image is ${width}x${height} pixels; at least ${MIN_SIDE}x${MIN_SIDE} is needed to find similar items.`,
    );
  }
  return bitmap;
}

export function toRgba(bitmap: ImageBitmap): RgbaImage {
  const scale = Math.min(1, MAX_DECODE_SIDE / Math.max(bitmap.width, bitmap.height));
  const width = Math.round(bitmap.width * scale);
  const height = Math.round(bitmap.height * scale);
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new SearchError('internal', 'No 2D canvas is available to read the image.');
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(bitmap, 0, 0, width, height);
  return { width, height, data: ctx.getImageData(0, 0, width, height).data };
}

/** The part of the image inside the crop box (the bitmap itself when there is none); the caller closes both. */
export async function cropBitmap(bitmap: ImageBitmap, crop: Crop | undefined): Promise<ImageBitmap> {
  if (isFull(crop)) return bitmap;
  const { sx, sy, sw, sh } = cropPixels(crop as Crop, bitmap.width, bitmap.height);
  const part = await createImageBitmap(bitmap, sx, sy, sw, sh);
  if (part.width < MIN_SIDE || part.height < MIN_SIDE) {
    part.close();
    throw new SearchError('too-small', `The selected area is ${sw}x${sh} pixels; select at least ${MIN_SIDE}x${MIN_SIDE}.`);
  }
  return part;
}

export function thumbnailDataUrl(bitmap: ImageBitmap): Promise<string> {
  return jpegDataUrl(bitmap, THUMBNAIL_SIDE, 0.8);
}

/** The whole searched photo, small enough to keep in history. */
export function storedPhotoDataUrl(bitmap: ImageBitmap): Promise<string> {
  return jpegDataUrl(bitmap, STORED_SIDE, 0.85);
}

async function jpegDataUrl(bitmap: ImageBitmap, side: number, quality: number): Promise<string> {
  const scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
  const canvas = new OffscreenCanvas(Math.max(1, Math.round(bitmap.width * scale)), Math.max(1, Math.round(bitmap.height * scale)));
  const ctx = canvas.getContext('2d');
  if (!ctx) return '';
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality });
  return blobDataUrl(blob);
}

export async function blobDataUrl(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:${blob.type || 'image/jpeg'};base64,${btoa(binary)}`;
}
