// `npm run train-head`: learns the head on frozen ResNet50 features of the catalogue (a raw pack
// from `npm run catalogue -- --out data/full`) plus augmented views of the same items (packs from
// `npm run catalogue -- --augment N --out data/aug-N`): shop-photo-like backgrounds, scale,
// rotation and light, so the head does not learn the studio look. Held-out items (id hash) never
// train it. The head is
//   1. a projection to `--dims` dims: PCA fit on clean + augmented features (keeps the visual
//      similarity that cosine ranks by, in a quarter of the bytes or less), then L2;
//   2. article-type classifiers (softmax regression, label smoothing, feature dropout, Adam with
//      its rate decayed to 0 on a cosine over the epochs) on the features (for photos) and on the
//      projected vector (for "more like this"), whose log-probabilities weigh `--type-weight` in
//      the ranking.
// The projection reads the global pool of the features; the classifier on the features reads the
// band pools too, which say where things are in the picture (src/lib/pooling.ts; docs/quality.md,
// session 7). Before both, each pooled part loses part of one direction: the one from the
// catalogue's mean to the mean of street photos (`--domain-queries`). Along it the street photos
// differ from the catalogue as a whole, whatever they show, and the classifier read it as "no
// model wearing it, so a bag" (docs/quality.md). It is folded into the head's weights. Where those
// photos are labelled (`--query-labels`), the feature classifier also learns from them: the
// catalogue shows clothes worn on white, shoppers photograph them laid flat.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { parseCsv } from '../src/lib/csv.ts';
import { CHANNELS } from '../src/lib/pooling.ts';
import { encodeHead, type Head, HEAD_FORMAT, type HeadInfo } from '../src/lib/head.ts';
import { embedFiles } from './lib/embed-pool.ts';
import { isHeldOut, labelsDigest, queryHalf } from './lib/holdout.ts';
import { defaultEngine } from './lib/ort-embedder.ts';
import { decayingAdam, foldDirection, trainingTypes, typeDigest, typeSetLoss } from './lib/node-head.ts';
import { rawRecipe, readPack } from './lib/node-pack.ts';
import { DEFAULT_MODEL_DIR, readModelInfo, useWasmBackend } from './lib/node-tf.ts';
import { catalogueSource, readCatalogue } from './lib/source.ts';

const { values: args } = parseArgs({
  options: {
    features: { type: 'string', default: 'data/full' },
    // Packs of augmented views (`npm run catalogue -- --augment N --out data/aug-N`), comma-separated;
    // none by default: one view did not help (docs/quality.md, session 3).
    augmented: { type: 'string', default: '' },
    source: { type: 'string' },
    dims: { type: 'string', default: '240' },
    // 10 epochs, the learning rate decayed to 0 on a cosine, dropout 0.3: held-out type accuracy of
    // the feature classifier 0.881 / 0.879 (two seeds) against 0.868 / 0.864 for 6 epochs at a
    // constant rate, dropout 0.5 (scratch numpy replica; docs/quality.md, session 8).
    epochs: { type: 'string', default: '10' },
    dropout: { type: 'string', default: '0.3' },
    scale: { type: 'string', default: '30' },
    // With the 'maxbands' features, split halves (half b; docs/quality.md, session 7): 0.025 / 0.04 /
    // 0.06 / 0.1 gave street P@5 0.710 / 0.748 / 0.755 / 0.760, Hit@5 0.833 / 0.829 / 0.812 / 0.796,
    // leave-one-out P@5 0.838 / 0.844 / 0.848 / 0.852, Hit@5 0.923 / 0.909 / 0.896 / 0.886.
    'type-weight': { type: 'string', default: '0.04' },
    // The classifier ranks with half its training scale (softer probabilities): with weight 0.02
    // street P@5 0.544 / Hit@5 0.720 against 0.532 / 0.707 for (30, 0.01) (docs/quality.md).
    'prior-scale': { type: 'string', default: '15' },
    out: { type: 'string', default: 'data/head' },
    seed: { type: 'string', default: '1' },
    centre: { type: 'boolean', default: false },
    'pca-sample': { type: 'string', default: '24000' },
    // Unlabelled photos of the kind shoppers search with ('' = none), and how much of the
    // direction to their mean to take out (0.5: street P@5 +5 points over none in docs/quality.md).
    'domain-queries': { type: 'string', default: process.env.LOOKALIKE_STREET ?? '../shared/fixtures/street-dev/images' },
    'domain-weight': { type: 'string', default: '0.5' },
    // Use half a or b of those photos only, so `eval --half` can measure on the other.
    'domain-half': { type: 'string' },
    // Their article types (`file` and `relevant_article_types` columns, as `npm run eval` reads;
    // '' = none): each labelled photo counts `--query-repeat` times in the feature classifier's
    // epochs. Split halves: street P@5 0.588 -> 0.714, Hit@5 0.746 -> 0.845 (docs/quality.md).
    'query-labels': { type: 'string', default: process.env.LOOKALIKE_STREET_LABELS ?? '../shared/fixtures/street-dev/labels.csv' },
    'query-repeat': { type: 'string', default: '10' },
    // 'features': a second classifier on the model's features names photos' types (default);
    // 'projected': only the one on the projected vector.
    'type-input': { type: 'string', default: 'features' },
    // How head.bin stores its weights: int8 (one scale per column) keeps the 8192-input feature
    // classifier within the extension's 60 MB for model and vectors (issue #4); float16, float32.
    dtype: { type: 'string', default: 'int8' },
  },
});
const headDtype = args.dtype as NonNullable<HeadInfo['dtype']>;
if (!['int8', 'float16', 'float32'].includes(headDtype)) throw new Error(`--dtype must be int8, float16 or float32, not ${args.dtype}`);

await useWasmBackend();
const model = readModelInfo();
const recipe = rawRecipe(model);
const clean = readPack(resolve(args.features), recipe);
const inputDims = clean.header.dims;
// One pooled region's features (src/lib/pooling.ts): the 'maxbands' pooling has four.
const partDims = Math.min(inputDims, CHANNELS);
const dims = Number(args.dims);
const details = new Map(readCatalogue(catalogueSource(args.source)).map((i) => [i.id, i]));
const typeOf = (id: string) => details.get(id)?.articleType ?? '';

// Training vectors: every clean non-held-out item, then every augmented view of one.
const sources = [clean, ...(args.augmented ? args.augmented.split(',').filter(Boolean).map((dir) => readPack(resolve(dir), recipe)) : [])];
const picks: { pack: (typeof sources)[number]; row: number; id: string }[] = [];
for (const pack of sources) {
  for (const [row, id] of pack.ids.entries()) if (!isHeldOut(id) && details.has(id)) picks.push({ pack, row, id });
}
const types = trainingTypes([...details.values()]);
const typeIndex = new Map(types.map((t, i) => [t, i]));
console.log(`train-head: ${picks.length} training vectors (${sources.length - 1} augmented sets), ${types.length} article types, held-out items never used`);

// 0. The features lose part of the direction from the catalogue's mean to the photos' mean, in
// each pooled part on its own (src/lib/pooling.ts), in place: x <- x - a (x . d) d per part.
// The labelled photos' rows follow the catalogue's, all in one tensor (1.4 GB with 'maxbands':
// tfjs-wasm's heap stops at 4 GB).
const photos = args['domain-queries'] ? await embedPhotos(resolve(args['domain-queries'])) : new Map<string, Float32Array>();
const labelsFile = args['query-labels'] ? resolve(args['query-labels']) : undefined;
const labelsText = labelsFile ? readLabels(labelsFile) : undefined;
const labelled = labelsFile && labelsText ? labelledPhotos(labelsFile, labelsText) : [];
const data = new Float32Array((picks.length + labelled.length) * inputDims);
for (const [i, p] of picks.entries()) data.set(p.pack.vectors.subarray(p.row * inputDims, (p.row + 1) * inputDims), i * inputDims);
for (const [i, l] of labelled.entries()) data.set(l.features, (picks.length + i) * inputDims);
const domain = photos.size > 0 ? domainDirections([...photos.values()]) : [];
const domainWeight = domain.length > 0 ? Number(args['domain-weight']) : 0;
for (const d of domain) takeOutDirection(data, inputDims, d, domainWeight);
const x = tf.tensor2d(data, [picks.length + labelled.length, inputDims]);
// The projection reads the global pool only, the first part.
const projectionInputs = partDims;
const global = tf.slice(x, [0, 0], [picks.length, projectionInputs]) as tf.Tensor2D;

// 1. PCA by subspace iteration on the covariance (tfjs has no eigensolver): multiply in tfjs,
// re-orthonormalise the 256 columns in plain JS (Gram-Schmidt), 30 rounds.
// Uncentred (the second-moment matrix, like an SVD of the features): the catalogue's mean
// direction stays in, as it does in the raw cosine. A sample of rows is enough for 2048 x 2048.
const mean = args.centre ? tf.mean(global, 0, true) : tf.zeros([1, projectionInputs]);
const sample = Math.min(picks.length, Number(args['pca-sample']));
let covariance = tf.zeros([projectionInputs, projectionInputs]) as tf.Tensor2D;
for (let start = 0; start < sample; start += 2048) {
  const rows = Math.min(2048, sample - start);
  const next = tf.tidy(() => {
    // Evenly spread rows, not the first ones: clean and augmented vectors both count.
    const index = tf.tensor1d(Array.from({ length: rows }, (_, i) => Math.floor(((start + i) * picks.length) / sample)), 'int32');
    const chunk = tf.sub(tf.gather(global, index), mean);
    return tf.add(covariance, tf.matMul(tf.transpose(chunk), chunk));
  });
  covariance.dispose();
  covariance = next as tf.Tensor2D;
}
let columns = gramSchmidt(Float32Array.from({ length: projectionInputs * dims }, seededNormal(Number(args.seed))), projectionInputs, dims);
for (let round = 0; round < 30; round++) {
  const next = tf.tidy(() => tf.matMul(covariance, tf.tensor2d(columns, [projectionInputs, dims])));
  columns = gramSchmidt((await next.data()) as Float32Array, projectionInputs, dims);
  next.dispose();
}
covariance.dispose();
const projection = tf.tensor2d(columns, [projectionInputs, dims]);
const bias = tf.tidy(() => tf.neg(tf.matMul(mean, projection)).reshape([dims]));
const projected = tf.tidy(() => {
  const y = tf.add(tf.matMul(global, projection), bias);
  return tf.div(y, tf.norm(y, 'euclidean', 1, true)) as tf.Tensor2D;
});

// 2. The type classifiers: on the projected unit vectors, and on the (adjusted) features.
const labels = tf.oneHot(tf.tensor1d(picks.map((p) => typeIndex.get(typeOf(p.id)) ?? 0), 'int32'), types.length).toFloat() as tf.Tensor2D;
const catalogueRows = picks.map((_, i) => i);
const classifier = await trainClassifier(projected, labels, catalogueRows, 'projected');
let featureClassifier: Awaited<ReturnType<typeof trainClassifier>> | undefined;
if (args['type-input'] === 'features') {
  // The labelled photos' rows (after the catalogue's in x), each `--query-repeat` times an epoch.
  const repeat = Number(args['query-repeat']);
  const photoRows = labelled.flatMap((_, i) => Array<number>(repeat).fill(picks.length + i));
  const targets = labelled.length > 0 ? withRows(labels, tf.tensor2d(labelled.map((l) => types.map((t) => (l.types.has(t) ? 1 : 0))))) : labels;
  featureClassifier = await trainClassifier(x, targets, [...catalogueRows, ...photoRows], 'features');
  targets.dispose();
}
tf.dispose([x, global, labels]);

// The domain adjustment folded into the weights that read features: x' M = x (M - a d (d . M)),
// for each part's direction (they share no features, so one after another is the same as at once).
const fold = (m: Float32Array, cols: number) =>
  domain.reduce((folded, d) => foldDirection(folded, cols, d.subarray(0, m.length / cols), domainWeight), m);
const head: Head = {
  info: {
    format: HEAD_FORMAT,
    id: '',
    inputDims,
    ...(projectionInputs < inputDims ? { projectionInputs } : {}),
    dims,
    normalise: 'l2',
    types,
    typeScale: Number(args['prior-scale']),
    typeWeight: Number(args['type-weight']),
    dtype: headDtype,
    ...(featureClassifier ? { featureClassifier: true } : {}),
  },
  weights: fold((await projection.data()) as Float32Array, dims),
  bias: (await bias.data()) as Float32Array,
  classifier,
  ...(featureClassifier ? { featureClassifier: { ...featureClassifier, weights: fold(featureClassifier.weights, types.length) } } : {}),
};
const bytes = encodeHead(head);
const info: HeadInfo = { ...head.info, id: `pca${dims}-types${types.length}-${hash(bytes)}` };
const out = resolve(args.out);
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'head.bin'), bytes);
// The type names are catalogue labels: head.json keeps only their digest (see readHead).
const { types: _names, ...stored } = info;
const domainNote = domain.length > 0
  ? {
      domainWeight,
      domainQueries: photos.size,
      // eval warns when it measures on the photos whose labels the head learnt from.
      ...(labelled.length > 0
        ? { labelledQueries: labelled.length, queryRepeat: Number(args['query-repeat']), queryLabelsDigest: labelsDigest(labelsText ?? '') }
        : {}),
      ...(args['domain-half'] ? { domainHalf: args['domain-half'] } : {}),
    }
  : {};
writeFileSync(join(out, 'head.json'), `${JSON.stringify({ ...stored, typeDigest: typeDigest(types), trainedOn: model.id, augmented: args.augmented, ...domainNote }, null, 2)}\n`);
console.log(`train-head: wrote ${info.id} to ${out} (${(bytes.byteLength / 1e6).toFixed(1)} MB)`);

/**
 * Softmax regression on (near-)unit inputs at logit scale `--scale`, label smoothing 0.1, input
 * dropout. A target row marks the acceptable types (one for a catalogue item, a set for a photo):
 * the loss is -log of their summed probability. `rows` lists the rows of one epoch (repeats allowed).
 */
async function trainClassifier(
  inputs: tf.Tensor2D,
  targets: tf.Tensor2D,
  rows: number[],
  name: string,
): Promise<{ weights: Float32Array; bias: Float32Array }> {
  const C = tf.variable(tf.zeros([inputs.shape[1], types.length]));
  const c = tf.variable(tf.zeros([types.length]));
  const scale = Number(args.scale);
  const dropout = Number(args.dropout);
  const optimizer = decayingAdam(1e-3);
  const batch = 256;
  const order = [...rows];
  const epochs = Number(args.epochs);
  const batches = Math.ceil(order.length / batch);
  let shuffle = Number(args.seed);
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffle = shuffleInPlace(order, shuffle);
    let total = 0;
    for (let start = 0; start < order.length; start += batch) {
      optimizer.decay((epoch * batches + start / batch) / (epochs * batches));
      const index = tf.tensor1d(order.slice(start, start + batch), 'int32');
      const loss = optimizer.minimize(() => {
        const input = tf.dropout(tf.gather(inputs, index), dropout) as tf.Tensor2D;
        const logits = tf.add(tf.mul(tf.matMul(input, C), scale), c) as tf.Tensor2D;
        return typeSetLoss(logits, tf.gather(targets, index) as tf.Tensor2D);
      }, true) as tf.Scalar;
      total += (await loss.data())[0];
      tf.dispose([index, loss]);
    }
    console.log(`train-head: ${name} classifier, epoch ${epoch + 1} loss ${(total / batches).toFixed(3)}`);
  }
  const trained = { weights: (await C.data()) as Float32Array, bias: (await c.data()) as Float32Array };
  tf.dispose([C, c]);
  optimizer.dispose();
  return trained;
}

/** The model's features of the photos in `dir` (half `--domain-half` only, when given), by file name. */
async function embedPhotos(dir: string): Promise<Map<string, Float32Array>> {
  const files = readdirSync(dir)
    .filter((file) => /\.(jpe?g|png|webp)$/i.test(file))
    .filter((file) => !args['domain-half'] || queryHalf(file) === args['domain-half'])
    .sort();
  if (files.length === 0) throw new Error(`no photos in ${dir} for the domain direction (--domain-queries '' to train without one)`);
  const features = new Map<string, Float32Array>();
  await embedFiles(
    files.map((file) => ({ id: file, path: join(dir, file) })),
    {
      modelDir: DEFAULT_MODEL_DIR,
      engine: await defaultEngine(),
      label: 'train-head: domain photos',
      onVector: (file, vector) => features.set(file, vector),
      onError: () => undefined,
    },
  );
  if (features.size === 0) throw new Error(`none of the photos in ${dir} could be read`);
  return features;
}

/**
 * Per pooled part, the unit direction from the mean of the clean training features (`data`'s
 * first rows, not yet adjusted) to the photos' mean; zero outside its part.
 */
function domainDirections(features: Float32Array[]): Float32Array[] {
  const cleanRows = picks.filter((p) => p.pack === clean).length;
  const d = new Float64Array(inputDims);
  for (let row = 0; row < cleanRows; row++) for (let i = 0; i < inputDims; i++) d[i] -= data[row * inputDims + i] / cleanRows;
  for (const f of features) for (let i = 0; i < inputDims; i++) d[i] += f[i] / features.length;
  return Array.from({ length: inputDims / partDims }, (_, part) => {
    const direction = new Float32Array(inputDims);
    const from = part * partDims;
    const block = d.subarray(from, from + partDims);
    const norm = Math.hypot(...block);
    direction.set(block.map((v) => v / norm), from);
    console.log(`train-head: domain direction of part ${part + 1} from ${features.length} photos (distance between the means ${norm.toFixed(3)}), weight ${args['domain-weight']}`);
    return direction;
  });
}

/** Rows of `width` values lose `weight` of their component along the unit vector d, in place. */
function takeOutDirection(rows: Float32Array, width: number, d: Float32Array, weight: number): void {
  const nonZero = [...d.keys()].filter((i) => d[i] !== 0);
  for (let at = 0; at < rows.length; at += width) {
    let dot = 0;
    for (const i of nonZero) dot += rows[at + i] * d[i];
    for (const i of nonZero) rows[at + i] -= weight * dot * d[i];
  }
}

function readLabels(file: string): string {
  if (!existsSync(file)) throw new Error(`no labels file ${file} (--query-labels '' to train without labelled photos)`);
  return readFileSync(file, 'utf8');
}

/** The embedded photos that the labels file names, with their acceptable article types (those the classifier knows). */
function labelledPhotos(file: string, text: string): { features: Float32Array; types: Set<string> }[] {
  const rows = parseCsv(text);
  const found = rows.flatMap((row) => {
    const features = photos.get(row.file);
    const known = new Set((row.relevant_article_types ?? '').split('|').filter((t) => typeIndex.has(t)));
    return features && known.size > 0 ? [{ features, types: known }] : [];
  });
  console.log(`train-head: ${found.length} labelled photos (of ${photos.size} embedded, ${rows.length} labelled in ${file}), each ${args['query-repeat']} times an epoch`);
  return found;
}

/** One tensor with the rows of both (disposes them). */
function withRows(first: tf.Tensor2D, second: tf.Tensor2D): tf.Tensor2D {
  const both = tf.concat([first, second]);
  tf.dispose([first, second]);
  return both;
}

/** Orthonormal columns (rows x cols, row-major) spanning the same space: modified Gram-Schmidt. */
function gramSchmidt(m: Float32Array, rows: number, cols: number): Float32Array {
  const column = (j: number) => Float64Array.from({ length: rows }, (_, i) => m[i * cols + j]);
  const done: Float64Array[] = [];
  for (let j = 0; j < cols; j++) {
    const v = column(j);
    for (const q of done) {
      let dot = 0;
      for (let i = 0; i < rows; i++) dot += q[i] * v[i];
      for (let i = 0; i < rows; i++) v[i] -= dot * q[i];
    }
    const norm = Math.hypot(...v) || 1;
    for (let i = 0; i < rows; i++) v[i] /= norm;
    done.push(v);
  }
  const out = new Float32Array(rows * cols);
  for (const [j, q] of done.entries()) for (let i = 0; i < rows; i++) out[i * cols + j] = q[i];
  return out;
}

/** Standard normal samples from a seed (Box-Muller over a small LCG). */
function seededNormal(seed: number): () => number {
  let s = seed >>> 0;
  const uniform = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 1) / 4294967297;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

function shuffleInPlace(values: number[], seed: number): number {
  let s = seed;
  for (let i = values.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [values[i], values[j]] = [values[j], values[i]];
  }
  return s;
}

function hash(bytes: Uint8Array): string {
  let h = 2166136261;
  for (let i = 0; i < bytes.length; i += 97) h = Math.imul(h ^ bytes[i], 16777619);
  return (h >>> 0).toString(16).padStart(8, '0');
}
