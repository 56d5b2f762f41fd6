// Node image decoding for the indexer and CLI: sharp (libvips, libjpeg-turbo family), like the browser.
import sharp from 'sharp';
import type { RgbaImage } from '../../src/lib/preprocess.ts';

/** Decodes a file or bytes to RGBA at native size, honouring EXIF orientation; first frame only. */
export async function decodeImage(input: string | Uint8Array): Promise<RgbaImage> {
  const { data, info } = await sharp(input, { failOn: 'error', pages: 1 })
    .rotate()
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data };
}
