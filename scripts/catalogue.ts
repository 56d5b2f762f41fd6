// `npm run catalogue`: indexes a folder of product images + styles.csv into a catalogue pack.
// Usage: tsx scripts/catalogue.ts [--source DIR] [--limit N] [--out DIR] [--workers N] [--dtype float16|float32]
import { availableParallelism } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { SingleBar } from 'cli-progress';
import type { CatalogueItem } from '../src/lib/catalogue.ts';
import { encodePack, PACK_FILES, type PackRecipe, type VectorDtype } from '../src/lib/pack.ts';
import { PREPROCESS_ID } from '../src/lib/preprocess.ts';
import type { EmbedJob, EmbedReply } from './lib/embed-worker.ts';
import { DEFAULT_MODEL_DIR, readModelInfo } from './lib/node-tf.ts';
import { PartialRun } from './lib/partial.ts';
import { catalogueSource, DEFAULT_PACK_DIR, imagePath, readCatalogue } from './lib/source.ts';
import { sample } from './lib/sample.ts';

const { values: args } = parseArgs({
  options: {
    source: { type: 'string' },
    limit: { type: 'string' },
    out: { type: 'string' },
    workers: { type: 'string' },
    dtype: { type: 'string', default: 'float16' },
    model: { type: 'string', default: DEFAULT_MODEL_DIR },
  },
});

const source = catalogueSource(args.source);
const outDir = resolve(args.out ?? DEFAULT_PACK_DIR);
const modelDir = resolve(args.model);
const info = readModelInfo(modelDir);
const recipe: PackRecipe = { modelId: info.id, preprocessId: PREPROCESS_ID, dims: info.dims };
const all = readCatalogue(source);
const items = args.limit ? sample(all, Number(args.limit)) : all;
const partial = new PartialRun(join(outDir, '.partial'), recipe);
const todo = items.filter((item) => !partial.done.has(item.id));
const skipped = new Map<string, string>();

console.log(
  `catalogue: ${items.length} of ${all.length} items from ${source}; ${partial.done.size} already embedded, ${todo.length} to go`,
);
await embedAll(todo, Number(args.workers ?? availableParallelism()));
writePack(items);

async function embedAll(queue: CatalogueItem[], workerCount: number): Promise<void> {
  if (queue.length === 0) return;
  const bar = new SingleBar({
    format: 'catalogue [{bar}] {percentage}% | {value}/{total} | {rate} img/s | ETA {eta_formatted}',
    etaBuffer: 200,
    noTTYOutput: true,
    notTTYSchedule: 15_000,
  });
  const started = Date.now();
  bar.start(queue.length, 0, { rate: '-' });
  let next = 0;
  const workers = Array.from({ length: Math.min(workerCount, queue.length) }, () => {
    const worker = tsWorker(new URL('./lib/embed-worker.ts', import.meta.url), { modelDir });
    return new Promise<void>((done, failed) => {
      const send = () => {
        if (next >= queue.length) return void worker.terminate().then(() => done());
        const item = queue[next++];
        worker.postMessage({ id: item.id, path: imagePath(source, item.id) } satisfies EmbedJob);
      };
      worker.on('message', (reply: EmbedReply) => {
        if ('vector' in reply) partial.add(reply.id, reply.vector);
        if ('error' in reply) {
          skipped.set(reply.id, reply.error);
          process.stderr.write(`\ncatalogue: skipped ${reply.id}: ${reply.error}\n`);
        }
        if (!('ready' in reply)) {
          const seconds = (Date.now() - started) / 1000;
          bar.increment(1, { rate: ((bar.getProgress() * queue.length + 1) / Math.max(seconds, 1)).toFixed(1) });
        }
        send();
      });
      worker.on('error', failed);
    });
  });
  await Promise.all(workers);
  bar.stop();
}

/** A worker thread running a .ts file: Node 20 workers do not inherit tsx's loader, so load it by API. */
function tsWorker(file: URL, data: unknown): Worker {
  const api = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(api)}).then((m) => m.tsImport(${JSON.stringify(file.href)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(code, { eval: true, workerData: data });
}

function writePack(selection: CatalogueItem[]): void {
  const kept = selection.filter((item) => partial.done.has(item.id));
  const vectors = new Float32Array(kept.length * recipe.dims);
  for (const [row, item] of kept.entries()) vectors.set(partial.done.get(item.id) as Float32Array, row * recipe.dims);
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
