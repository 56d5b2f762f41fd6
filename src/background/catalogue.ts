// The bundled catalogue pack, loaded once per worker life and checked against the model.
import { SearchError } from '../lib/errors.ts';
import { decodePack, PACK_FILES, type Pack, type PackHeader, type PackRecipe } from '../lib/pack.ts';

let loading: Promise<Pack> | undefined;

export function getCatalogue(recipe: PackRecipe): Promise<Pack> {
  loading ??= load(recipe).catch((error) => {
    loading = undefined;
    throw new SearchError('catalogue-failed', `The catalogue could not be loaded: ${(error as Error).message}`);
  });
  return loading;
}

async function load(recipe: PackRecipe): Promise<Pack> {
  const [header, vectors, ids] = await Promise.all([
    fetchFile(PACK_FILES.header).then((r) => r.json() as Promise<PackHeader>),
    fetchFile(PACK_FILES.vectors).then((r) => r.arrayBuffer()),
    fetchFile(PACK_FILES.ids).then((r) => r.json() as Promise<string[]>),
  ]);
  return decodePack(header, vectors, ids, recipe);
}

async function fetchFile(name: string): Promise<Response> {
  const response = await fetch(chrome.runtime.getURL(`catalogue/${name}`));
  if (!response.ok) throw new Error(`catalogue/${name} is missing from the extension`);
  return response;
}
