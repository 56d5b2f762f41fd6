// One search, start to finish: find the image, fetch, decode, embed, k-NN, record. Each stage is
// written to storage.session so the popup can say what is happening, and a failure ends as data.
import { toFailure } from '../lib/errors.ts';
import type { HistoryEntry } from '../lib/history.ts';
import { preprocess } from '../lib/preprocess.ts';
import type { SearchStage, SearchState } from '../lib/protocol.ts';
import { acquireImage, type ImageRequest } from './acquire-image.ts';
import { getCatalogue } from './catalogue.ts';
import { decodeBlob, thumbnailDataUrl, toRgba } from './decode.ts';
import { getVectoriser, isModelReady } from './embedder.ts';
import { history } from './history.ts';
import { writeSearchState } from './status.ts';

export const RESULT_COUNT = 12;

export interface SearchRequest extends ImageRequest {
  pageUrl: string;
  incognito: boolean;
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
  // The model and catalogue load while the image is fetched and decoded (a cold start waits for
  // the slower of the two, not both). Awaited below; the catch only keeps an early failure from
  // counting as unhandled while the image is still on its way.
  const searchable = getVectoriser().then(async (vectors) => ({ vectors, catalogue: await getCatalogue(vectors) }));
  searchable.catch(() => undefined);
  try {
    await advance('fetching');
    const { blob, srcUrl } = await acquireImage(request);
    await advance('fetching', { srcUrl });
    const bitmap = await decodeBlob(blob);
    try {
      const input = preprocess(toRgba(bitmap));
      const thumbnail = await thumbnailDataUrl(bitmap);
      await advance(isModelReady() ? 'searching' : 'loading-model');
      const { vectors, catalogue } = await searchable;
      await advance('searching');
      const embedStart = performance.now();
      const vector = await vectors.vectorise(input);
      const knnStart = performance.now();
      // Ranked by similarity plus the type prior; the popup shows the similarity itself.
      const results = catalogue.ranker.search(vector, RESULT_COUNT).map((m) => ({ id: catalogue.ids[m.index], score: m.similarity }));
      const timings = { embedMs: knnStart - embedStart, knnMs: performance.now() - knnStart, totalMs: Date.now() - state.startedAt };
      const entry: HistoryEntry = { id: state.id, createdAt: state.startedAt, pageUrl: request.pageUrl, srcUrl, thumbnail, results };
      // Incognito searches stay in session memory only, never in history on disk.
      if (request.incognito) await advance('done', { privateResult: entry, timings });
      else {
        await history.add(entry);
        await advance('done', { historyId: entry.id, timings });
      }
    } finally {
      bitmap.close();
    }
  } catch (error) {
    await advance('error', { error: toFailure(error) }).catch(() => undefined);
  }
  return state;
}

