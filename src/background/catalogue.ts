// The bundled catalogue pack, loaded once per worker life and checked against the model.
import { SearchError } from '../lib/errors.ts';
import type { ModelInfo } from '../lib/model-info.ts';
import { decodePack, PACK_FILES, type Pack, type PackHeader } from '../lib/pack.ts';
import { PREPROCESS_ID } from '../lib/preprocess.ts';

let loading: Promise<Pack> | undefined;

export function getCatalogue(model: ModelInfo): Promise<Pack> {
  loading ??= load(model).catch((error) => {
    loading = undefined;
    throw new SearchError('catalogue-failed', `The catalogue could not be loaded: ${(error as Error).message}`);
  });
  return loading;
}

async function load(model: ModelInfo): Promise<Pack> {
  const [header, vectors, ids] = await Promise.all([
    fetchFile(PACK_FILES.header).then((r) => r.json() as Promise<PackHeader>),
    fetchFile(PACK_FILES.vectors).then((r) => r.arrayBuffer()),
    fetchFile(PACK_FILES.ids).then((r) => r.json() as Promise<string[]>),
  ]);
  return decodePack(header, vectors, ids, { modelId: model.id, preprocessId: PREPROCESS_ID, dims: model.dims });
}

async function fetchFile(name: string): Promise<Response> {
  const response = await fetch(chrome.runtime.getURL(`catalogue/${name}`));
  if (!response.ok) throw new Error(`catalogue/${name} is missing from the extension`);
  return response;
}
