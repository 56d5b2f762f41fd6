// `npm run similar -- <image file or URL> [--k N] [--json]`: the extension's pipeline in Node.
import { parseArgs } from 'node:util';
import { itemFrom, compactItems } from '../src/lib/catalogue.ts';
import { preprocess } from '../src/lib/preprocess.ts';
import { decodeImage } from './lib/decode.ts';
import { loadNodeEmbedder } from './lib/node-tf.ts';
import { headForPack, readPackHeader, readRanker } from './lib/node-pack.ts';
import { vectoriser } from '../src/lib/vectoriser.ts';
import { catalogueSource, DEFAULT_PACK_DIR, readCatalogue } from './lib/source.ts';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    k: { type: 'string', default: '12' },
    json: { type: 'boolean', default: false },
    pack: { type: 'string', default: DEFAULT_PACK_DIR },
    source: { type: 'string' },
  },
});

const target = positionals[0];
if (!target) {
  console.error('usage: npm run similar -- <image file or URL> [--k N] [--json] [--pack DIR] [--source DIR]');
  process.exit(2);
}

try {
  const bytes = await readInput(target);
  const header = readPackHeader(args.pack);
  const source = catalogueSource(args.source);
  const vectors = vectoriser(await loadNodeEmbedder(), headForPack(header, undefined, source));
  const { ids, ranker } = await readRanker(args.pack, vectors.recipe, vectors.head, source);
  const items = compactItems(readCatalogue(source));
  const embedStart = performance.now();
  const vector = await vectors.vectorise(preprocess(await decodeImage(bytes)));
  const knnStart = performance.now();
  const neighbours = ranker.search(vector, Number(args.k));
  const knnEnd = performance.now();
  const results = neighbours.map(({ index, similarity: score }) => {
    const id = ids[index];
    const item = itemFrom(items, id);
    return { id, score: Number(score.toFixed(4)), articleType: item?.articleType ?? '', name: item?.name ?? '', colour: item?.colour ?? '', gender: item?.gender ?? '' };
  });
  const timings = { embedMs: Math.round(knnStart - embedStart), knnMs: Number((knnEnd - knnStart).toFixed(2)) };
  if (args.json) console.log(JSON.stringify({ results, timings }, null, 2));
  else {
    for (const [i, r] of results.entries()) {
      console.log(`${String(i + 1).padStart(2)}. ${(r.score * 100).toFixed(1)}%  ${r.id}  ${r.articleType} · ${r.colour} · ${r.gender}  ${r.name}`);
    }
    console.log(`embed ${timings.embedMs} ms, k-NN over ${ids.length} items ${timings.knnMs} ms`);
  }
} catch (error) {
  console.error(`similar: ${(error as Error).message}`);
  process.exit(1);
}

async function readInput(input: string): Promise<Uint8Array> {
  if (/^https?:/i.test(input)) {
    const response = await fetch(input, { signal: AbortSignal.timeout(15_000) });
    if (!response.ok) throw new Error(`${input} answered ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  }
  const { readFile } = await import('node:fs/promises');
  return readFile(input).catch(() => {
    throw new Error(`cannot read ${input}`);
  });
}
