// Reading a learned head from disk, and the pieces of its training that tests check.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { CatalogueItem } from '../../src/lib/catalogue.ts';
import { decodeHead, type Head, type HeadInfo } from '../../src/lib/head.ts';
import { fnv1a, isHeldOut } from './holdout.ts';
import { catalogueSource, readCatalogue } from './source.ts';

/**
 * The head's article types are not stored in the repository (they are the catalogue's labels):
 * head.json keeps their count and a digest, and they are read back from the catalogue source.
 */
export function readHead(dir: string, source = catalogueSource()): Head {
  const stored = JSON.parse(readFileSync(join(dir, 'head.json'), 'utf8')) as HeadInfo & { typeDigest?: string };
  const info: HeadInfo = stored.typeDigest ? { ...stored, types: headTypes(readCatalogue(source), stored.typeDigest) } : stored;
  const bytes = readFileSync(join(dir, 'head.bin'));
  return decodeHead(info, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}

/** The classifier's types: every article type of a training (not held-out) item, sorted. */
export function trainingTypes(items: CatalogueItem[]): string[] {
  return [...new Set(items.filter((item) => !isHeldOut(item.id)).map((item) => item.articleType))].sort();
}

export function typeDigest(types: string[]): string {
  return `${types.length}-${fnv1a(types.join('\n')).toString(16).padStart(8, '0')}`;
}

function headTypes(items: CatalogueItem[], digest: string): string[] {
  const types = trainingTypes(items);
  if (typeDigest(types) !== digest) {
    throw new Error(`the catalogue source's article types (${typeDigest(types)}) are not the ones the head was trained on (${digest})`);
  }
  return types;
}

/**
 * m - a d (d . m) for m (rows = d.length) x cols, row-major: the direction's share taken out of
 * each column, so that x . result = (x - a (x . d) d) . m for every x (d a unit vector).
 */
export function foldDirection(m: Float32Array, cols: number, d: Float32Array, a: number): Float32Array {
  const along = new Float64Array(cols);
  for (let i = 0; i < d.length; i++) for (let j = 0; j < cols; j++) along[j] += d[i] * m[i * cols + j];
  return m.map((value, k) => value - a * d[Math.floor(k / cols)] * along[k % cols]);
}

/**
 * Mean loss of a type classifier whose target rows mark the acceptable types (1) among all (0):
 * -log of their summed probability, with label smoothing over every type. For one-hot rows this
 * is softmax cross-entropy with smoothed labels; a labelled photo may accept several types.
 */
export function typeSetLoss(logits: tf.Tensor2D, targets: tf.Tensor2D, smoothing = 0.1): tf.Scalar {
  return tf.tidy(() => {
    const logProbs = tf.logSumExp(logits, 1, true).neg().add(logits);
    const inSet = tf.logSumExp(logProbs.add(targets.sub(1).mul(1e4)), 1);
    return inSet.mul(1 - smoothing).add(logProbs.mean(1).mul(smoothing)).mean().neg() as tf.Scalar;
  });
}

/** Adam whose rate falls from `rate` to 0 along half a cosine as `decay(progress)` goes from 0 to 1. */
export function decayingAdam(rate: number) {
  return new (class extends tf.AdamOptimizer {
    get rate(): number {
      return this.learningRate;
    }

    decay(progress: number): void {
      this.learningRate = (rate * (1 + Math.cos(Math.PI * progress))) / 2;
    }
  })(rate, 0.9, 0.999);
}
