// The bundled catalogue pack, loaded once per worker life, checked against the model, and ready
// to rank: the k-NN index over its vectors plus its per-row labels (filters, type prior).
import { type CatalogueItems, itemFrom, thumbnailShardName } from '../lib/catalogue.ts';
import { SearchError } from '../lib/errors.ts';
import type { ResultRef } from '../lib/history.ts';
import { checkPack, PACK_FILES, type PackHeader } from '../lib/pack.ts';
import { indexForPack } from '../lib/pack-index.ts';
import { type Filter, type PackLabels, type Query, Ranker } from '../lib/rank.ts';
import type { Vectoriser } from '../lib/vectoriser.ts';

export interface Catalogue {
  header: PackHeader;
  ids: string[];
  ranker: Ranker;
}

let loading: Promise<Catalogue> | undefined;

export function getCatalogue(vectoriser: Vectoriser): Promise<Catalogue> {
  loading ??= load(vectoriser).catch((error) => {
    loading = undefined;
    throw new SearchError('catalogue-failed', `The catalogue could not be loaded: ${(error as Error).message}`);
  });
  return loading;
}

async function load(vectoriser: Vectoriser): Promise<Catalogue> {
  const [header, vectors, ids, labels] = await Promise.all([
    fetchFile(PACK_FILES.header).then((r) => r.json() as Promise<PackHeader>),
    fetchFile(PACK_FILES.vectors).then((r) => r.arrayBuffer()),
    fetchFile(PACK_FILES.ids).then((r) => r.json() as Promise<string[]>),
    fetchFile(PACK_FILES.labels).then((r) => r.json() as Promise<PackLabels>),
  ]);
  checkPack(header, vectors, ids, vectoriser.recipe);
  return { header, ids, ranker: new Ranker(await indexForPack(header, vectors), labels, vectoriser.head) };
}

/**
 * Ranks a few times more with the query just served, once per worker life, after its results are
 * stored. The first searches of a worker life ran the scan unoptimised: k-NN 10-20 ms for four
 * searches, then 1.5-2 ms (issue #4); this moves that warm-up off the next searches' path.
 */
export function warmRanker(catalogue: Catalogue, query: Query): void {
  if (warmed.has(catalogue)) return;
  warmed.add(catalogue);
  setTimeout(() => {
    for (let i = 0; i < RANKER_WARM_UPS; i++) catalogue.ranker.search(query, 12);
  });
}

const RANKER_WARM_UPS = 4;
const warmed = new WeakSet<Catalogue>();

/** The best `count` items for a query, by similarity plus the type prior; the popup shows the similarity. */
export function rankResults(catalogue: Catalogue, query: Query, count: number, filter?: Filter): ResultRef[] {
  return catalogue.ranker.search(query, count, filter).map((m) => ({ id: catalogue.ids[m.index], score: m.similarity }));
}

/** A catalogue item's own vector (as a query) and photo, to search "more like this". */
export async function catalogueItem(catalogue: Catalogue, id: string): Promise<{ query: Query; photo: Blob }> {
  const row = catalogue.ids.indexOf(id);
  const item = itemFrom(await getItems(), id);
  if (row < 0 || !item?.thumbnail) throw new SearchError('not-found', `Item ${id} is not in this version of the catalogue.`);
  const [shard, offset, length] = item.thumbnail;
  const bytes = await (await fetchFile(thumbnailShardName(shard))).arrayBuffer();
  return { query: catalogue.ranker.query(row), photo: new Blob([bytes.slice(offset, offset + length)], { type: 'image/jpeg' }) };
}

/**
 * The results with each item's details (name, type, colour, gender, thumbnail), so the popup
 * shows them without reading the whole items.json (3.9 MB) and counts filters from labels.json:
 * opening a finished search, to its 12th photo, 467 -> 348 ms (medians of 12 opens each, side by
 * side; main-thread work 403 -> 275 ms). Without details (items.json unreadable) the results
 * stay as they are and the popup reads the file itself.
 */
export async function withDetails(results: ResultRef[]): Promise<ResultRef[]> {
  const all = await getItems().catch(() => undefined);
  return all ? results.map((r) => (all[r.id] ? { ...r, item: all[r.id] } : r)) : results;
}

/** Starts reading items.json (once per worker life), so it is parsed while the model runs. */
export function preloadItems(): void {
  getItems().catch(() => undefined);
}

let items: Promise<CatalogueItems> | undefined;

function getItems(): Promise<CatalogueItems> {
  items ??= fetchFile('items.json').then((r) => r.json() as Promise<CatalogueItems>);
  items.catch(() => {
    items = undefined;
  });
  return items;
}

async function fetchFile(name: string): Promise<Response> {
  const response = await fetch(chrome.runtime.getURL(`catalogue/${name}`));
  if (!response.ok) throw new Error(`catalogue/${name} is missing from the extension`);
  return response;
}
