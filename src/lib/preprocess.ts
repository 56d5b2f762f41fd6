// The one image preprocessing path, shared by the extension and the catalogue indexer:
// decoded RGBA -> composite on white -> resize to 224x224 -> Keras "caffe" BGR mean subtraction.

/** Decoded pixels, 8-bit RGBA, row-major: what canvas getImageData and sharp's raw output give. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray;
}

/** Interleaved float RGB pixels, values 0-255. */
export interface RgbImage {
  width: number;
  height: number;
  data: Float32Array;
}

/** Bumped whenever any step below changes: packs record it, and a mismatch is refused. */
export const PREPROCESS_ID = 'white-stretch224-triangle-caffe-v1';
export const INPUT_SIZE = 224;
/** Images smaller than this on either side hold too little to judge. */
export const MIN_SIDE = 32;
/** ImageNet channel means in BGR order, as keras.applications.resnet50 subtracts them. */
export const CAFFE_MEAN_BGR = [103.939, 116.779, 123.68] as const;

export function preprocess(image: RgbaImage, maxSide = Number.POSITIVE_INFINITY): Float32Array {
  const rgb = shrinkToFit(flattenOnWhite(image), maxSide);
  return caffeInput(resize(rgb, INPUT_SIZE, INPUT_SIZE));
}

/** Scales the image down (aspect kept) so that its longer side is at most `maxSide` pixels. */
export function shrinkToFit(image: RgbImage, maxSide: number): RgbImage {
  const scale = maxSide / Math.max(image.width, image.height);
  if (scale >= 1) return image;
  return resize(image, Math.max(1, Math.round(image.width * scale)), Math.max(1, Math.round(image.height * scale)));
}

/** Alpha-composites onto white, as a shop page shows a transparent PNG: c' = c*a + 255*(1-a). */
export function flattenOnWhite(image: RgbaImage): RgbImage {
  const { width, height, data } = image;
  const out = new Float32Array(width * height * 3);
  for (let p = 0, q = 0; p < data.length; p += 4, q += 3) {
    const a = data[p + 3] / 255;
    const white = 255 * (1 - a);
    out[q] = data[p] * a + white;
    out[q + 1] = data[p + 1] * a + white;
    out[q + 2] = data[p + 2] * a + white;
  }
  return { width, height, data: out };
}

/**
 * Separable triangle-filter resize (bilinear, widened by the scale factor when shrinking so
 * every source pixel counts, as PIL's BILINEAR does). Identical in Node and the browser, so
 * only the JPEG decoder differs between the indexer and the extension.
 */
export function resize(image: RgbImage, width: number, height: number): RgbImage {
  const horizontal = resampleAxis(image, width, 'x');
  return resampleAxis(horizontal, height, 'y');
}

function resampleAxis(image: RgbImage, size: number, axis: 'x' | 'y'): RgbImage {
  const inSize = axis === 'x' ? image.width : image.height;
  const lines = axis === 'x' ? image.height : image.width;
  const out: RgbImage =
    axis === 'x'
      ? { width: size, height: image.height, data: new Float32Array(size * image.height * 3) }
      : { width: image.width, height: size, data: new Float32Array(image.width * size * 3) };
  const inStride = axis === 'x' ? 3 : image.width * 3;
  const inLine = axis === 'x' ? image.width * 3 : 3;
  const outStride = axis === 'x' ? 3 : out.width * 3;
  const outLine = axis === 'x' ? size * 3 : 3;
  const taps = triangleTaps(inSize, size);
  for (let line = 0; line < lines; line++) {
    const inBase = line * inLine;
    const outBase = line * outLine;
    for (let o = 0; o < size; o++) {
      const { first, weights } = taps[o];
      let r = 0;
      let g = 0;
      let b = 0;
      for (let t = 0; t < weights.length; t++) {
        const i = inBase + (first + t) * inStride;
        const w = weights[t];
        r += image.data[i] * w;
        g += image.data[i + 1] * w;
        b += image.data[i + 2] * w;
      }
      const j = outBase + o * outStride;
      out.data[j] = r;
      out.data[j + 1] = g;
      out.data[j + 2] = b;
    }
  }
  return out;
}

/** For each output pixel: the first source pixel it reads and the normalised filter weights. */
function triangleTaps(inSize: number, outSize: number) {
  const scale = inSize / outSize;
  const support = Math.max(scale, 1);
  return Array.from({ length: outSize }, (_, o) => {
    const centre = (o + 0.5) * scale;
    const first = Math.max(0, Math.floor(centre - support));
    const last = Math.min(inSize - 1, Math.ceil(centre + support));
    const weights: number[] = [];
    for (let i = first; i <= last; i++) {
      weights.push(Math.max(0, 1 - Math.abs((i + 0.5 - centre) / support)));
    }
    const total = weights.reduce((a, b) => a + b, 0);
    return { first, weights: Float32Array.from(weights, (w) => w / total) };
  });
}

/** Keras caffe mode: RGB 0-255 -> BGR, minus the ImageNet BGR means, no scaling. */
export function caffeInput(image: RgbImage): Float32Array {
  const out = new Float32Array(image.data.length);
  for (let i = 0; i < out.length; i += 3) {
    out[i] = image.data[i + 2] - CAFFE_MEAN_BGR[0];
    out[i + 1] = image.data[i + 1] - CAFFE_MEAN_BGR[1];
    out[i + 2] = image.data[i] - CAFFE_MEAN_BGR[2];
  }
  return out;
}

/** The central `fraction` of the image on each side: street photos put the garment in the middle. */
export function centreCrop(image: RgbaImage, fraction: number): RgbaImage {
  if (fraction >= 1) return image;
  const width = Math.max(1, Math.round(image.width * fraction));
  const height = Math.max(1, Math.round(image.height * fraction));
  const left = Math.floor((image.width - width) / 2);
  const top = Math.floor((image.height - height) / 2);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    const from = ((top + y) * image.width + left) * 4;
    data.set(image.data.subarray(from, from + width * 4), y * width * 4);
  }
  return { width, height, data };
}

/** Mirror image, left to right. */
export function flipHorizontal(image: RgbaImage): RgbaImage {
  const { width, height } = image;
  const data = new Uint8ClampedArray(image.data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const from = (y * width + x) * 4;
      data.set(image.data.subarray(from, from + 4), (y * width + (width - 1 - x)) * 4);
    }
  }
  return { width, height, data };
}
