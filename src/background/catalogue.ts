// The bundled catalogue pack, loaded once per worker life, checked against the model, and ready
// to rank: the k-NN index over its vectors plus its per-row labels (filters, type prior).
import { DETAILS_FILE, detailsRow, thumbnailShardName } from '../lib/catalogue.ts';
import { SearchError } from '../lib/errors.ts';
import type { HistoryEntry, ResultRef } from '../lib/history.ts';
import { checkPack, PACK_FILES, type PackHeader } from '../lib/pack.ts';
import { indexForPack } from '../lib/pack-index.ts';
import { type Filter, type PackLabels, type Query, Ranker } from '../lib/rank.ts';
import type { Vectoriser } from '../lib/vectoriser.ts';

export interface Catalogue {
  header: PackHeader;
  ids: string[];
  ranker: Ranker;
  /** details.bin: each row's name, type, colour, gender and thumbnail, looked up per result. */
  details: ArrayBuffer;
}

let loading: Promise<Catalogue> | undefined;

export function getCatalogue(vectoriser: Vectoriser): Promise<Catalogue> {
  loading ??= load(vectoriser).catch((error) => {
    loading = undefined;
    throw new SearchError('catalogue-failed', `The catalogue could not be loaded: ${(error as Error).message}`);
  });
  return loading;
}

/**
 * Starts reading the pack's files, once per worker life: a search calls this as it begins, so on
 * a cold start they are read while the model loads, not after it.
 */
export function prefetchCatalogue(): void {
  packFiles().catch(() => undefined);
}

let files: ReturnType<typeof readPackFiles> | undefined;

function packFiles(): ReturnType<typeof readPackFiles> {
  files ??= readPackFiles();
  files.catch(() => {
    files = undefined;
  });
  return files;
}

function readPackFiles() {
  return Promise.all([
    fetchFile(PACK_FILES.header).then((r) => r.json() as Promise<PackHeader>),
    fetchFile(PACK_FILES.vectors).then((r) => r.arrayBuffer()),
    fetchFile(PACK_FILES.ids).then((r) => r.json() as Promise<string[]>),
    fetchFile(PACK_FILES.labels).then((r) => r.json() as Promise<PackLabels>),
    fetchFile(DETAILS_FILE).then((r) => r.arrayBuffer()),
  ]);
}

async function load(vectoriser: Vectoriser): Promise<Catalogue> {
  const [header, vectors, ids, labels, details] = await packFiles();
  checkPack(header, vectors, ids, vectoriser.recipe);
  return { header, ids, details, ranker: new Ranker(await indexForPack(header, vectors), labels, vectoriser.head) };
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

/**
 * The best `count` items for a query, by similarity plus the type prior; the popup shows the
 * similarity. Each carries its item's details, so the popup shows them without reading every
 * item's (then items.json, 3.9 MB) and counts filters from labels.json: opening a finished
 * search, to its 12th photo, 467 -> 348 ms (medians of 12 opens each, side by side; main-thread
 * work 403 -> 275 ms).
 * With them goes the build's catalogue id, which says whose thumbnail places they hold.
 */
export function rankResults(catalogue: Catalogue, query: Query, count: number, filter?: Filter): Pick<HistoryEntry, 'results' | 'catalogueId'> {
  const results = catalogue.ranker.search(query, count, filter).map((m): ResultRef => {
    const item = detailsRow(catalogue.details, m.index);
    return item ? { id: catalogue.ids[m.index], score: m.similarity, item } : { id: catalogue.ids[m.index], score: m.similarity };
  });
  const { catalogueId } = catalogue.ranker.labels;
  return catalogueId ? { results, catalogueId } : { results };
}

/** A catalogue item's own vector (as a query) and photo, to search "more like this". */
export async function catalogueItem(catalogue: Catalogue, id: string): Promise<{ query: Query; photo: Blob }> {
  const row = catalogue.ids.indexOf(id);
  const thumbnail = detailsRow(catalogue.details, row)?.[4];
  if (row < 0 || !thumbnail) throw new SearchError('not-found', `Item ${id} is not in this version of the catalogue.`);
  const [shard, offset, length] = thumbnail;
  const bytes = await (await fetchFile(thumbnailShardName(shard))).arrayBuffer();
  return { query: catalogue.ranker.query(row), photo: new Blob([bytes.slice(offset, offset + length)], { type: 'image/jpeg' }) };
}

async function fetchFile(name: string): Promise<Response> {
  const response = await fetch(chrome.runtime.getURL(`catalogue/${name}`));
  if (!response.ok) throw new Error(`catalogue/${name} is missing from the extension`);
  return response;
}
