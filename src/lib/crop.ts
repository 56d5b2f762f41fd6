// The crop box over the searched photo, in fractions of the image (0..1) so it survives any
// display size: drawing, moving and resizing it by pointer or keyboard, and the pixels it covers.

export interface Crop {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Smaller boxes leave too few pixels to embed (a 448-px photo gives ~45 px at 10%). */
export const MIN_CROP = 0.1;

export const FULL: Crop = { x: 0, y: 0, width: 1, height: 1 };

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Keeps the box inside the image and at least MIN_CROP on each side. */
export function clampCrop(crop: Crop): Crop {
  const width = clamp(crop.width, MIN_CROP, 1);
  const height = clamp(crop.height, MIN_CROP, 1);
  return { x: clamp(crop.x, 0, 1 - width), y: clamp(crop.y, 0, 1 - height), width, height };
}

/** The box between two pointer positions (drawn in any direction). */
export function cropBetween(ax: number, ay: number, bx: number, by: number): Crop {
  const x = clamp(Math.min(ax, bx), 0, 1);
  const y = clamp(Math.min(ay, by), 0, 1);
  return clampCrop({ x, y, width: clamp(Math.max(ax, bx), 0, 1) - x, height: clamp(Math.max(ay, by), 0, 1) - y });
}

export function moveCrop(crop: Crop, dx: number, dy: number): Crop {
  return clampCrop({ ...crop, x: crop.x + dx, y: crop.y + dy });
}

/** Grows or shrinks the box from its bottom-right corner, the way the corner handle does. */
export function resizeCrop(crop: Crop, dw: number, dh: number): Crop {
  const width = clamp(crop.width + dw, MIN_CROP, 1 - crop.x);
  const height = clamp(crop.height + dh, MIN_CROP, 1 - crop.y);
  return clampCrop({ ...crop, width, height });
}

export function isFull(crop: Crop | undefined): boolean {
  return !crop || (crop.x <= 0.001 && crop.y <= 0.001 && crop.width >= 0.999 && crop.height >= 0.999);
}

export function isCrop(value: unknown): value is Crop {
  const c = value as Crop;
  return (
    typeof c === 'object' &&
    c !== null &&
    [c.x, c.y, c.width, c.height].every(Number.isFinite) &&
    c.x >= 0 &&
    c.y >= 0 &&
    c.width > 0 &&
    c.height > 0 &&
    c.x + c.width <= 1.0001 &&
    c.y + c.height <= 1.0001
  );
}

/** The pixel rectangle a crop covers in a width x height image (whole pixels, at least 1). */
export function cropPixels(crop: Crop, width: number, height: number): { sx: number; sy: number; sw: number; sh: number } {
  const sx = Math.min(width - 1, Math.round(crop.x * width));
  const sy = Math.min(height - 1, Math.round(crop.y * height));
  return {
    sx,
    sy,
    sw: Math.max(1, Math.min(width - sx, Math.round(crop.width * width))),
    sh: Math.max(1, Math.min(height - sy, Math.round(crop.height * height))),
  };
}
