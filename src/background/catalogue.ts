// The bundled catalogue pack, loaded once per worker life, checked against the model, and ready
// to rank: the k-NN index over its vectors plus its per-row labels (filters, type prior).
import { SearchError } from '../lib/errors.ts';
import { checkPack, PACK_FILES, type PackHeader } from '../lib/pack.ts';
import { indexForPack } from '../lib/pack-index.ts';
import { type PackLabels, Ranker } from '../lib/rank.ts';
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

async function fetchFile(name: string): Promise<Response> {
  const response = await fetch(chrome.runtime.getURL(`catalogue/${name}`));
  if (!response.ok) throw new Error(`catalogue/${name} is missing from the extension`);
  return response;
}
