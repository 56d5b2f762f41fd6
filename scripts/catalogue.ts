// `npm run catalogue`: indexes a folder of product images + styles.csv into a catalogue pack.
// Usage: tsx scripts/catalogue.ts [--source DIR] [--limit N] [--out DIR] [--workers N] [--engine ort|tfjs]
//        [--dtype float16|float32|int8] [--head DIR] [--features RAW_PACK_DIR]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { CatalogueItem } from '../src/lib/catalogue.ts';
import { encodePack, PACK_FILES, type PackRecipe, type VectorDtype } from '../src/lib/pack.ts';
import { project } from '../src/lib/head.ts';
import { embedFiles } from './lib/embed-pool.ts';
import { defaultEngine, type Engine } from './lib/ort-embedder.ts';
import { DEFAULT_MODEL_DIR, readModelInfo } from './lib/node-tf.ts';
import { PartialRun } from './lib/partial.ts';
import { rawRecipe, readPack } from './lib/node-pack.ts';
import { readHead } from './lib/node-head.ts';
import { catalogueSource, DEFAULT_PACK_DIR, imagePath, readCatalogue } from './lib/source.ts';
import { sample } from './lib/sample.ts';
import { isHeldOut } from './lib/holdout.ts';

const { values: args } = parseArgs({
  options: {
    source: { type: 'string' },
    limit: { type: 'string' },
    out: { type: 'string' },
    workers: { type: 'string' },
    engine: { type: 'string' },
    head: { type: 'string' },
    features: { type: 'string' },
    augment: { type: 'string' },
    dtype: { type: 'string', default: 'float16' },
    model: { type: 'string', default: DEFAULT_MODEL_DIR },
  },
});

const source = catalogueSource(args.source);
const outDir = resolve(args.out ?? DEFAULT_PACK_DIR);
const modelDir = resolve(args.model);
const engine = (args.engine as Engine | undefined) ?? (await defaultEngine());
const info = readModelInfo(modelDir);
const raw = rawRecipe(info);
const head = args.head ? readHead(resolve(args.head)) : undefined;
const all = readCatalogue(source);
// `--augment V`: view V of every training item (never the held-out ones), for train-head.
const view = args.augment === undefined ? undefined : Number(args.augment);
if (view !== undefined && !args.out) throw new Error('--augment writes training views: give them their own --out DIR');
const pool = view === undefined ? all : all.filter((item) => !isHeldOut(item.id));
const items = args.limit ? sample(pool, Number(args.limit)) : pool;
const partial = new PartialRun(join(outDir, '.partial'), raw);
// Raw features already computed for another pack (e.g. data/full) need no second embedding.
const known = args.features && view === undefined ? readPack(resolve(args.features), raw) : undefined;
const knownRows = new Map(known?.ids.map((id, row) => [id, row]));
const featuresOf = (id: string): Float32Array | undefined => {
  const row = knownRows.get(id);
  return row === undefined ? partial.done.get(id) : known?.vectors.subarray(row * raw.dims, (row + 1) * raw.dims);
};
const todo = items.filter((item) => !featuresOf(item.id));
const skipped = new Map<string, string>();

console.log(
  `catalogue: ${items.length} of ${all.length} items from ${source}; ${items.length - todo.length} already embedded, ${todo.length} to go (engine ${engine})`,
);
const rate = await embedFiles(
  todo.map((item) => ({ id: item.id, path: imagePath(source, item.id), augment: view === undefined ? undefined : viewSeed(item.id, view) })),
  {
    modelDir,
    engine,
    label: 'catalogue',
    workers: args.workers ? Number(args.workers) : undefined,
    onVector: (id, vector) => partial.add(id, vector),
    onError: (id, message) => skipped.set(id, message),
  },
);
if (rate.images > 1) {
  // The bench reads this line: the rate the whole catalogue would index at, start-up aside.
  console.log(`catalogue: steady rate ${rate.steadyPerSec.toFixed(2)} images/s over ${rate.images} images (start-up excluded)`);
}
writePack(items);

/** Writes the pack in catalogue order, through the head when one is given. */
function writePack(selection: CatalogueItem[]): void {
  const recipe: PackRecipe = head ? { ...raw, headId: head.info.id, dims: head.info.dims } : raw;
  const kept = selection.filter((item) => featuresOf(item.id));
  const vectors = new Float32Array(kept.length * recipe.dims);
  for (const [row, item] of kept.entries()) {
    const features = featuresOf(item.id) as Float32Array;
    vectors.set(head ? project(head, features) : features, row * recipe.dims);
  }
  const ids = kept.map((item) => item.id);
  const { header, vectorBytes } = encodePack(recipe, ids, vectors, args.dtype as VectorDtype);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, PACK_FILES.vectors), vectorBytes);
  writeFileSync(join(outDir, PACK_FILES.ids), JSON.stringify(ids));
  writeFileSync(join(outDir, PACK_FILES.header), `${JSON.stringify(header, null, 2)}\n`);
  partial.finish();
  if (skipped.size) console.error(`catalogue: skipped ${[...skipped.keys()].join(', ')}`);
  const mb = vectorBytes.byteLength / 1e6;
  console.log(
    `catalogue: wrote ${kept.length} items (${mb.toFixed(1)} MB ${header.dtype}) to ${outDir}; ${skipped.size} skipped`,
  );
}

/** The augmentation seed of one item's view: stable across runs and machines. */
function viewSeed(id: string, n: number): number {
  return (Number.parseInt(id, 10) || 0) * 31 + n * 1_000_003;
}
