// One search, start to finish: get the image (from the page, a stored photo, or a catalogue
// item), embed, k-NN, record. Each stage is written to storage.session so the popup can say what
// is happening, and a failure ends as data.
import browser from 'webextension-polyfill';
import type { Crop } from '../lib/crop.ts';
import { toFailure } from '../lib/errors.ts';
import type { HistoryEntry } from '../lib/history.ts';
import { preprocess } from '../lib/preprocess.ts';
import type { SearchStage, SearchState } from '../lib/protocol.ts';
import type { Filter } from '../lib/rank.ts';
import { readSettings } from '../lib/settings.ts';
import { storeQuery } from '../lib/stored-vector.ts';
import { acquireImage, type ImageRequest } from './acquire-image.ts';
import { catalogueItem, getCatalogue, prefetchCatalogue, rankResults, warmRanker } from './catalogue.ts';
import { blobDataUrl, cropBitmap, decodeBlob, storedPhotoDataUrl, thumbnailDataUrl, toRgba } from './decode.ts';
import { getVectoriser, isModelReady, modelEngine, onModelProgress } from './embedder.ts';
import { keep } from './history.ts';
import { lastOffscreenModelMs } from './offscreen.ts';
import { writeSearchState } from './status.ts';

export interface SearchRequest extends ImageRequest {
  pageUrl: string;
  incognito: boolean;
  /** Search this stored photo (a data: URL) instead of asking the page: re-run from history. */
  photo?: string;
  /** Search with this catalogue item's own vector: "more like this". */
  likeItem?: string;
  crop?: Crop;
  filter?: Filter;
}

/** What a query image gives: the model input plus the copies history keeps. */
export interface QueryImage {
  input: Float32Array;
  thumbnail: string;
  photo: string;
}

/** Runs a search and records how it ended; never rejects. */
export async function runSearch(request: SearchRequest, workerId: string): Promise<SearchState> {
  let state: SearchState = {
    id: crypto.randomUUID(),
    stage: 'fetching',
    startedAt: Date.now(),
    srcUrl: request.srcUrl ?? '',
    pageUrl: request.pageUrl,
    tabId: request.tabId,
    frameId: request.frameId,
    incognito: request.incognito,
    workerId,
  };
  const advance = async (stage: SearchStage, change: Partial<SearchState> = {}) => {
    state = { ...state, ...change, stage };
    await writeSearchState(state);
  };
  // The model's download progress, shown on a cold start (also when the offscreen document closed
  // itself while idle and loads the model again for this embed); stops once the vector is in.
  const stopProgress = onModelProgress((fraction) => {
    if (state.stage !== 'done' && state.stage !== 'error') void advance(state.stage, { modelProgress: fraction }).catch(() => undefined);
  });
  // The model and catalogue load while the image is fetched and decoded (a cold start waits for
  // the slower of the two, not both). Awaited below; the catch only keeps an early failure from
  // counting as unhandled while the image is still on its way.
  prefetchCatalogue();
  const searchable = getVectoriser().then(async (vectors) => ({ vectors, catalogue: await getCatalogue(vectors) }));
  searchable.catch(() => undefined);
  try {
    await advance('fetching');
    let query: QueryImage | undefined;
    let srcUrl = state.srcUrl;
    if (!request.likeItem) {
      const image = request.photo ? { blob: await (await fetch(request.photo)).blob(), srcUrl } : await acquireImage(request);
      srcUrl = image.srcUrl;
      await advance('fetching', { srcUrl });
      query = await queryImage(image.blob, request.crop);
    }
    const ready = isModelReady();
    await advance(ready ? 'searching' : 'loading-model');
    const { vectors, catalogue } = await searchable;
    if (!ready) await advance('searching');
    const like = request.likeItem ? await catalogueItem(catalogue, request.likeItem) : undefined;
    if (like) {
      const photo = await blobDataUrl(like.photo);
      query = { input: new Float32Array(0), thumbnail: photo, photo };
    }
    // Read while the model runs: a storage round trip, not part of the ranking.
    const settings = readSettings(browser.storage.local);
    settings.catch(() => undefined);
    const embedStart = performance.now();
    const embedStartMs = Date.now() - state.startedAt;
    const searched = like ? like.query : await vectors.vectorise((query as QueryImage).input);
    const embedEnd = performance.now();
    stopProgress();
    const { resultCount } = await settings;
    const knnStart = performance.now();
    const ranked = rankResults(catalogue, searched, resultCount, request.filter);
    const timings = {
      embedMs: embedEnd - embedStart,
      modelMs: like ? undefined : lastOffscreenModelMs(),
      knnMs: performance.now() - knnStart,
      totalMs: Date.now() - state.startedAt,
      embedStartMs,
      engine: modelEngine(),
    };
    const entry = newEntry(state, request, srcUrl, query as QueryImage, ranked);
    entry.vector = storeQuery(searched, vectors.recipe);
    if (!request.crop) entry.wholeVector = entry.vector;
    await advance('done', { ...(await keep(entry, request.incognito)), timings });
    warmRanker(catalogue, searched);
  } catch (error) {
    await advance('error', { error: toFailure(error) }).catch(() => undefined);
  } finally {
    stopProgress();
  }
  return state;
}

/** Decodes a query image and cuts it to the crop box: the model input, the thumbnail and the kept photo (uncropped). */
export async function queryImage(blob: Blob, crop?: Crop): Promise<QueryImage> {
  const bitmap = await decodeBlob(blob);
  try {
    const part = await cropBitmap(bitmap, crop);
    try {
      return { input: preprocess(toRgba(part)), thumbnail: await thumbnailDataUrl(part), photo: await storedPhotoDataUrl(bitmap) };
    } finally {
      if (part !== bitmap) part.close();
    }
  } finally {
    bitmap.close();
  }
}

function newEntry(
  state: SearchState,
  request: SearchRequest,
  srcUrl: string,
  query: QueryImage,
  ranked: Pick<HistoryEntry, 'results' | 'catalogueId'>,
): HistoryEntry {
  return {
    id: state.id,
    createdAt: state.startedAt,
    pageUrl: request.pageUrl,
    srcUrl,
    thumbnail: query.thumbnail,
    image: query.photo,
    ...ranked,
    ...(request.crop ? { crop: request.crop } : {}),
    ...(request.filter ? { filter: request.filter } : {}),
    ...(request.likeItem ? { likeItem: request.likeItem } : {}),
  };
}
