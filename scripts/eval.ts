// `npm run eval -- --queries DIR --labels CSV [--k 10] [--json] [--catalogue-loo N]`: retrieval
// quality of the extension's pipeline (same preprocessing, model and pack) on labelled queries.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseCsv } from '../src/lib/csv.ts';
import { decodeVectors, PACK_FILES, type Pack } from '../src/lib/pack.ts';
import { embedFiles } from './lib/embed-pool.ts';
import type { EmbedJob } from './lib/embed-worker.ts';
import { isHeldOut, labelsDigest, queryHalf } from './lib/holdout.ts';
import type { Query } from '../src/lib/rank.ts';
import { headQuery } from '../src/lib/vectoriser.ts';
import { floatIndex } from '../src/lib/search-index.ts';
import { defaultEngine, type Engine } from './lib/ort-embedder.ts';
import { type Metrics, type QueryOutcome, seededRandom, summarise } from './lib/metrics.ts';
import { headForPack, rawRecipe, readPack, readPackHeader, readRanker } from './lib/node-pack.ts';
import { DEFAULT_MODEL_DIR, readModelInfo } from './lib/node-tf.ts';
import { catalogueSource, DEFAULT_PACK_DIR, imagePath } from './lib/source.ts';

const { values: args } = parseArgs({
  options: {
    queries: { type: 'string' },
    labels: { type: 'string' },
    k: { type: 'string', default: '10' },
    json: { type: 'boolean', default: false },
    'catalogue-loo': { type: 'string' },
    seed: { type: 'string', default: '1' },
    pack: { type: 'string', default: DEFAULT_PACK_DIR },
    source: { type: 'string' },
    model: { type: 'string', default: DEFAULT_MODEL_DIR },
    workers: { type: 'string' },
    engine: { type: 'string' },
    head: { type: 'string' },
    'query-crop': { type: 'string', default: '1' },
    flip: { type: 'boolean', default: false },
    'query-max-side': { type: 'string' },
    'type-weight': { type: 'string' },
    'type-scale': { type: 'string' },
    // Leave-one-out queries are photos, embedded as a search embeds them; their raw features are
    // read from this pack when it exists (`npm run catalogue -- --out data/full`), else embedded.
    features: { type: 'string', default: 'data/full' },
    // Only the street queries of one half (a or b, by a hash of the file name): the other half is
    // the one `npm run train-head -- --domain-half` fit the domain direction on.
    half: { type: 'string' },
  },
});
if (!args.queries && !args['catalogue-loo']) {
  console.error('usage: npm run eval -- --queries DIR --labels CSV [--k 10] [--json] [--catalogue-loo N]');
  process.exit(2);
}
const k = Math.max(10, Number(args.k));
const modelDir = resolve(args.model);
const engine = (args.engine as Engine | undefined) ?? (await defaultEngine());
const packDir = resolve(args.pack);
const source = catalogueSource(args.source);
const packHead = headForPack(readPackHeader(packDir), args.head ? resolve(args.head) : undefined, source);
// --type-weight W / --type-scale S: the same head with another weight for its type prior (0 =
// similarity alone) or another temperature for its classifier (lower = flatter probabilities).
const reweighted = {
  ...(args['type-weight'] ? { typeWeight: Number(args['type-weight']) } : {}),
  ...(args['type-scale'] ? { typeScale: Number(args['type-scale']) } : {}),
};
const head = packHead ? { ...packHead, info: { ...packHead.info, ...reweighted } } : packHead;
const raw = rawRecipe(readModelInfo(modelDir));
const recipe = head ? { ...raw, headId: head.info.id, dims: head.info.dims } : raw;
// Ranked exactly as the extension ranks: the same index (int8 WASM kernel or float scan), labels and head.
const { header, ids, vectorBytes, ranker } = await readRanker(packDir, recipe, head, source);
const pack: Pack = { header, ids, vectors: decodeVectors(header, vectorBytes) };
// Each row's article type, from the labels the ranker reads (the catalogue source).
const types = ranker.labels.typeOf.map((t) => ranker.labels.articleTypes[t]);
// Recall@10 of the shipped index (int8 kernel for int8 packs) against exact float search over the
// same decoded vectors, both without the type prior: what compression of the scan costs.
// A float pack's index is already that exact scan: recall 1 by construction, and one scan fewer.
const exact = pack.header.dtype === 'int8' ? floatIndex(pack.vectors, pack.header.dims) : undefined;
const recalls: number[] = [];

type Measured = Metrics & { recall10?: number };
const report: Measured & { trainedOnQueries?: true; catalogueLoo?: Measured; pack: { items: number; dtype: string; dims: number; modelId: string; preprocessId: string; head: string } } = {
  ...(args.queries ? await evalQueries(resolve(args.queries), resolve(args.labels ?? join(args.queries, 'labels.csv'))) : await evalLeaveOneOut(Number(args['catalogue-loo']))),
  pack: { items: pack.header.count, dtype: pack.header.dtype, dims: pack.header.dims, modelId: pack.header.modelId, preprocessId: pack.header.preprocessId, head: head?.info.id ?? 'none' },
};
if (args.queries && args['catalogue-loo']) report.catalogueLoo = await evalLeaveOneOut(Number(args['catalogue-loo']));

if (args.json) console.log(JSON.stringify(report, null, 2));
else {
  const line = (name: string, m: Measured) =>
    `${name.padEnd(22)} n=${String(m.n).padEnd(5)} P@1 ${m.p1.toFixed(3)}  P@5 ${m.p5.toFixed(3)}  P@10 ${m.p10.toFixed(3)}  Hit@5 ${m.hit5.toFixed(3)}  mAP@10 ${m.map10.toFixed(3)}  top item in ${((m.mostRetrieved?.share ?? 0) * 100).toFixed(1)}% of lists  recall@10 vs exact ${(m.recall10 ?? 0).toFixed(4)}`;
  console.log(`eval: ${pack.header.count} catalogue items (${pack.header.dims}-d ${pack.header.dtype}), model ${pack.header.modelId}, ${pack.header.preprocessId}, head ${report.pack.head}`);
  if (args.queries) console.log(line(report.trainedOnQueries ? 'queries (learnt from!)' : 'queries', report));
  if (report.catalogueLoo) console.log(line('catalogue leave-one-out', report.catalogueLoo));
  else if (!args.queries) console.log(line('catalogue leave-one-out', report));
  for (const [label, m] of Object.entries(report.perLabel ?? {})) console.log(`  ${label.padEnd(20)} n=${String(m.n).padEnd(4)} P@5 ${m.p5.toFixed(3)}  Hit@5 ${m.hit5.toFixed(3)}`);
}

function outcome(query: Query, relevantTypes: Set<string>, label?: string, exclude?: number): QueryOutcome {
  if (exact) {
    const shipped = new Set(ranker.index.search(query.vector, 10).map((m) => m.index));
    recalls.push(exact.search(query.vector, 10).filter((m) => shipped.has(m.index)).length / 10);
  } else recalls.push(1);
  // One more than needed, so the query itself can be dropped in leave-one-out.
  const found = ranker.search(query, k + 1).filter((n) => n.index !== exclude).slice(0, k);
  return {
    relevant: found.map((n) => relevantTypes.has(types[n.index])),
    relevantInCatalogue: types.filter((t, row) => row !== exclude && relevantTypes.has(t)).length,
    retrievedIds: found.map((n) => pack.ids[n.index]),
    label,
  };
}

/** Metrics plus the mean recall@10 of the shipped index over the queries just run. */
function withRecall(metrics: Metrics): Measured {
  const recall10 = recalls.reduce((a, b) => a + b, 0) / Math.max(1, recalls.length);
  recalls.length = 0;
  return { ...metrics, recall10 };
}

async function evalQueries(dir: string, labelsFile: string): Promise<Measured & { trainedOnQueries?: true }> {
  const text = readFileSync(labelsFile, 'utf8');
  const rows = parseCsv(text).filter((row) => !args.half || queryHalf(row.file) === args.half);
  // A head that learnt from these photos' labels (train-head --query-labels) only measures fairly
  // on the half it did not learn from.
  const learnt = head?.info as { queryLabelsDigest?: string; domainHalf?: string } | undefined;
  const trainedOnQueries = learnt?.queryLabelsDigest === labelsDigest(text) && (!args.half || !learnt.domainHalf || args.half === learnt.domainHalf);
  if (trainedOnQueries) {
    console.error(`eval: head ${head?.info.id} learnt from these photos' labels: their figures below are not a fair measure (split halves are: docs/quality.md)`);
  }
  const features = await embed(
    rows.map((row) => ({ id: row.file, path: join(dir, row.file), crop: Number(args['query-crop']), flip: args.flip, maxSide: args['query-max-side'] ? Number(args['query-max-side']) : undefined })),
  );
  const measured = withRecall(summarise(
    rows
      .filter((row) => features.has(row.file))
      .map((row) => outcome(headQuery(features.get(row.file) as Float32Array, head), new Set(row.relevant_article_types.split('|')), row.label)),
  ));
  return trainedOnQueries ? { ...measured, trainedOnQueries } : measured;
}

/** The model's features for image files, on all cores. */
async function embed(jobs: EmbedJob[]): Promise<Map<string, Float32Array>> {
  const features = new Map<string, Float32Array>();
  await embedFiles(jobs, {
    modelDir,
    engine,
    label: 'eval',
    workers: args.workers ? Number(args.workers) : undefined,
    onVector: (id, vector) => features.set(id, vector),
    onError: () => undefined,
  });
  return features;
}

/** Queries only from held-out items: the learned head never saw them (issue #3). */
async function evalLeaveOneOut(n: number): Promise<Measured> {
  const random = seededRandom(Number(args.seed));
  const candidates = pack.ids.flatMap((id, row) => (isHeldOut(id) ? [row] : []));
  const rows = new Set<number>();
  while (rows.size < Math.min(n, candidates.length)) rows.add(candidates[Math.floor(random() * candidates.length)]);
  const queries = await leaveOneOutQueries([...rows]);
  return withRecall(summarise([...rows].map((row, i) => outcome(queries[i], new Set([types[row]]), undefined, row))));
}

/**
 * Each held-out item searched as a photo of it would be: its raw features through the head.
 * Without a head the pack's own vector is those features; without a feature classifier, its
 * projected vector (what the head makes of the features, int8-rounded) gives the same ranking.
 */
async function leaveOneOutQueries(rows: number[]): Promise<Query[]> {
  const dims = pack.header.dims;
  if (!head?.featureClassifier) return rows.map((row) => ({ vector: pack.vectors.subarray(row * dims, (row + 1) * dims) }));
  const ids = rows.map((row) => pack.ids[row]);
  let features: Map<string, Float32Array>;
  const featuresDir = resolve(args.features);
  if (existsSync(join(featuresDir, PACK_FILES.header))) {
    const full = readPack(featuresDir, raw);
    const rowOf = new Map(full.ids.map((id, row) => [id, row]));
    features = new Map(ids.flatMap((id) => {
      const row = rowOf.get(id);
      return row === undefined ? [] : [[id, full.vectors.subarray(row * raw.dims, (row + 1) * raw.dims)] as const];
    }));
  } else features = await embed(ids.map((id) => ({ id, path: imagePath(source, id) })));
  return ids.map((id) => {
    const x = features.get(id);
    if (!x) throw new Error(`no features for leave-one-out item ${id}`);
    return headQuery(x, head);
  });
}
