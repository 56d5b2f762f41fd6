// Changing a shown search in place: a new crop embeds the kept photo again; a filter or "show
// more" only re-ranks the stored query vector over the whole catalogue. The entry keeps its place
// in history with its new crop, filter and results, so reopening it shows what the user last saw.
import browser from 'webextension-polyfill';
import type { Crop } from '../lib/crop.ts';
import { SearchError, toFailure } from '../lib/errors.ts';
import type { HistoryEntry } from '../lib/history.ts';
import { MAX_RESULTS, type Reply, type RefineRequest } from '../lib/protocol.ts';
import { readSettings } from '../lib/settings.ts';
import { loadQuery, storeQuery } from '../lib/stored-vector.ts';
import type { Vectoriser } from '../lib/vectoriser.ts';
import { type Catalogue, catalogueItem, getCatalogue, rankResults } from './catalogue.ts';
import { decodeBlob, thumbnailDataUrl } from './decode.ts';
import { getVectoriser } from './embedder.ts';
import { findEntry, replaceEntry } from './history.ts';
import { queryImage } from './search.ts';

export async function refineSearch(request: RefineRequest): Promise<Reply<'refineSearch'>> {
  try {
    const found = await findEntry(request.entryId);
    if (!found) throw new SearchError('not-found', 'That search is no longer in history, so it cannot be changed.');
    const { entry, isPrivate } = found;
    const vectors = await getVectoriser();
    const catalogue = await getCatalogue(vectors);
    const crop = request.crop === undefined ? entry.crop : (request.crop ?? undefined);
    const filter = request.filter ?? entry.filter;
    const { resultCount } = await readSettings(browser.storage.local);
    const count = Math.min(MAX_RESULTS, Math.max(1, request.count ?? (entry.results.length || resultCount)));
    const { query, thumbnail } = await storedOrNewQuery(entry, crop, vectors, catalogue);
    // The new results bring the catalogue id their details belong to (or none).
    const { catalogueId: _previous, ...kept } = entry;
    const updated: HistoryEntry = {
      ...kept,
      thumbnail,
      ...rankResults(catalogue, query, count, filter),
      vector: storeQuery(query, vectors.recipe),
      crop,
      filter,
    };
    if (!crop) delete updated.crop;
    if (!(await replaceEntry(updated, isPrivate))) throw new SearchError('not-found', 'That search was deleted while it was being changed.');
    return { ok: true };
  } catch (error) {
    return { error: toFailure(error) };
  }
}

/** The stored query when the crop is unchanged; otherwise the kept photo, cropped and embedded again. */
async function storedOrNewQuery(entry: HistoryEntry, crop: Crop | undefined, vectors: Vectoriser, catalogue: Catalogue) {
  const stored = sameCrop(crop, entry.crop) ? loadQuery(entry.vector, vectors.recipe) : undefined;
  if (stored) return { query: stored, thumbnail: entry.thumbnail };
  // Back to the whole photo: the first search's query, made from the full-resolution image.
  const whole = crop ? undefined : loadQuery(entry.wholeVector, vectors.recipe);
  if (whole && entry.image) return { query: whole, thumbnail: await thumbnailOf(entry.image) };
  if (entry.likeItem && !crop) return { query: (await catalogueItem(catalogue, entry.likeItem)).query, thumbnail: entry.thumbnail };
  if (!entry.image) {
    throw new SearchError('no-photo', 'This search was saved before Lookalike kept photos, so it cannot be changed here: search the image again from its page.');
  }
  const query = await queryImage(await (await fetch(entry.image)).blob(), crop);
  return { query: await vectors.vectorise(query.input), thumbnail: query.thumbnail };
}

async function thumbnailOf(photo: string): Promise<string> {
  const bitmap = await decodeBlob(await (await fetch(photo)).blob());
  try {
    return await thumbnailDataUrl(bitmap);
  } finally {
    bitmap.close();
  }
}

function sameCrop(a: Crop | undefined, b: Crop | undefined): boolean {
  if (!a || !b) return a === b;
  return a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
}
