// Training-time augmentation for the learned head (issue #3): makes a catalogue packshot look like
// a shopper's photo of the garment. The studio's white backdrop is swapped for a drawn texture
// (floor tiles, planks, bedding stripes, carpet, plain walls), the garment is scaled, shifted and
// turned, and the light's brightness, contrast and colour temperature change. Everything is
// drawn from a seed, so a view is the same on every run. No photos are used for the backgrounds.
import type { RgbaImage } from '../../src/lib/preprocess.ts';
import { seededRandom } from './metrics.ts';

/** Longer side of the augmented photo: catalogue images are small, shoppers' photos are not. */
const CANVAS_SIDE = 256;

export function augment(image: RgbaImage, seed: number): RgbaImage {
  const random = seededRandom(seed);
  const between = (low: number, high: number) => low + (high - low) * random();
  const portrait = random() < 0.75;
  const width = portrait ? Math.round(CANVAS_SIDE * 0.75) : CANVAS_SIDE;
  const height = portrait ? CANVAS_SIDE : Math.round(CANVAS_SIDE * 0.75);
  const background = drawBackground(width, height, random);
  const alpha = foregroundMask(image);
  // A white garment on the white backdrop floods away entirely: keep the backdrop then.
  if (alpha.reduce((sum, a) => sum + a, 0) < 0.15 * alpha.length) alpha.fill(1);

  // Garment placement: fit the packshot into the canvas, then scale, turn and shift it.
  const fit = Math.min(width / image.width, height / image.height) * between(0.75, 1.25);
  const angle = between(-0.25, 0.25);
  const cos = Math.cos(angle) / fit;
  const sin = Math.sin(angle) / fit;
  const centreX = width / 2 + between(-0.12, 0.12) * width;
  const centreY = height / 2 + between(-0.12, 0.12) * height;
  const flip = random() < 0.5;

  const gain = between(0.75, 1.15);
  const contrast = between(0.8, 1.15);
  const warm = between(-18, 18);
  const shade = between(-0.25, 0.25);
  const out = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dx = (flip ? width - 1 - x : x) - centreX;
      const dy = y - centreY;
      const sx = cos * dx + sin * dy + image.width / 2;
      const sy = -sin * dx + cos * dy + image.height / 2;
      const p = (y * width + x) * 4;
      const b = (y * width + x) * 3; // the background is RGB, three bytes per pixel
      const a = sample(alpha, image.width, image.height, 1, sx, sy, 0);
      const light = 1 + shade * ((x / width - 0.5) + (y / height - 0.5));
      for (let c = 0; c < 3; c++) {
        const garment = a > 0 ? sample(image.data, image.width, image.height, 4, sx, sy, c) : 0;
        const mixed = garment * a + background[b + c] * (1 - a);
        const tint = c === 0 ? warm : c === 2 ? -warm : 0;
        out[p + c] = ((mixed - 128) * contrast + 128) * gain * light + tint;
      }
      out[p + 3] = 255;
    }
  }
  return { width, height, data: out };
}

/** Bilinear sample of channel `c` at (x, y) in pixel units; 0 outside the image. */
function sample(data: ArrayLike<number>, width: number, height: number, stride: number, x: number, y: number, c: number): number {
  const fx = x - 0.5;
  const fy = y - 0.5;
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  const tx = fx - x0;
  const ty = fy - y0;
  const at = (xi: number, yi: number) =>
    xi < 0 || yi < 0 || xi >= width || yi >= height ? 0 : data[(yi * width + xi) * stride + c];
  return (at(x0, y0) * (1 - tx) + at(x0 + 1, y0) * tx) * (1 - ty) + (at(x0, y0 + 1) * (1 - tx) + at(x0 + 1, y0 + 1) * tx) * ty;
}

/**
 * Opacity of the garment (and model) per pixel: 0 for the near-white backdrop reachable from the
 * border, 1 elsewhere, softened by one pixel so edges blend. White garments inside stay opaque.
 */
export function foregroundMask(image: RgbaImage): Float32Array {
  const { width, height, data } = image;
  const isBackdrop = (i: number) => {
    const r = data[i * 4];
    const g = data[i * 4 + 1];
    const b = data[i * 4 + 2];
    return Math.min(r, g, b) > 222 && Math.max(r, g, b) - Math.min(r, g, b) < 24;
  };
  const backdrop = new Uint8Array(width * height);
  const stack: number[] = [];
  for (let x = 0; x < width; x++) stack.push(x, (height - 1) * width + x);
  for (let y = 0; y < height; y++) stack.push(y * width, y * width + width - 1);
  while (stack.length) {
    const i = stack.pop() as number;
    if (backdrop[i] || !isBackdrop(i)) continue;
    backdrop[i] = 1;
    const x = i % width;
    if (x > 0) stack.push(i - 1);
    if (x < width - 1) stack.push(i + 1);
    if (i >= width) stack.push(i - width);
    if (i < (height - 1) * width) stack.push(i + width);
  }
  const alpha = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      let count = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          const yy = y + dy;
          if (xx < 0 || yy < 0 || xx >= width || yy >= height) continue;
          sum += backdrop[yy * width + xx] ? 0 : 1;
          count++;
        }
      }
      alpha[y * width + x] = sum / count;
    }
  }
  return alpha;
}

/** A household surface drawn from the seed: RGB bytes, row-major. */
function drawBackground(width: number, height: number, random: () => number): Uint8ClampedArray {
  const between = (low: number, high: number) => low + (high - low) * random();
  const colour = () => {
    const grey = between(70, 235);
    const tint = () => grey + between(-45, 45);
    return [tint(), tint(), tint()];
  };
  const base = colour();
  const second = colour();
  const kind = Math.floor(random() * 5);
  const size = between(18, 70);
  const line = between(1, 3);
  const grain = between(2, 14);
  const period = between(3, 9);
  const rowTone = Array.from({ length: 64 }, () => between(-20, 20));
  const out = new Uint8ClampedArray(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let tone = base;
      let delta = (random() - 0.5) * grain;
      if (kind === 1 && (x % size < line || y % size < line)) tone = second; // floor tiles
      if (kind === 2) delta += rowTone[Math.floor(y / size) % 64] + 6 * Math.sin(x / period); // planks with grain
      if (kind === 3 && Math.floor((x + y * 0.05) / (size / 2)) % 2 === 0) tone = second; // bedding stripes
      if (kind === 4) delta += (random() - 0.5) * 40; // carpet / knit
      const i = (y * width + x) * 3;
      out[i] = tone[0] + delta;
      out[i + 1] = tone[1] + delta;
      out[i + 2] = tone[2] + delta;
    }
  }
  return out;
}
