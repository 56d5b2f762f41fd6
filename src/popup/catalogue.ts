// Catalogue item details for result cards: stored with each result by the worker, else (history
// from before, or from another build) read from the build's details.bin by the pack's ids, once
// per popup and only when needed. Filter counts read the pack's labels.json (numbers, not 42,653
// rows of text).
import { useEffect, useState } from 'preact/hooks';
import { type CatalogueItem, DETAILS_FILE, detailsLookup, type ItemLookup, itemFromRow, type ThumbnailRef, thumbnailShardName } from '../lib/catalogue.ts';
import type { FacetRow } from '../lib/facets.ts';
import type { HistoryEntry, ResultRef } from '../lib/history.ts';
import { PACK_FILES } from '../lib/pack.ts';
import type { PackLabels } from '../lib/rank.ts';

/** One of the build's catalogue files; a missing one is named. */
async function catalogueFile(name: string): Promise<Response> {
  const response = await fetch(`/catalogue/${name}`);
  if (!response.ok) throw new Error(`catalogue/${name} is missing from the extension`);
  return response;
}

let loading: Promise<ItemLookup> | undefined;

function loadItems(): Promise<ItemLookup> {
  loading ??= Promise.all([catalogueFile(PACK_FILES.ids).then((r) => r.json()), catalogueFile(DETAILS_FILE).then((r) => r.arrayBuffer())]).then(
    ([ids, details]) => detailsLookup(ids, details),
  );
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/** The build's item details, read only when `needed` (some result without details this build can vouch for). */
export function useCatalogueItems(needed: boolean): { items?: ItemLookup; error?: string } {
  const [state, setState] = useState<{ items?: ItemLookup; error?: string }>({});
  useEffect(() => {
    if (!needed) return;
    loadItems().then(
      (items) => setState({ items }),
      (error: Error) => setState({ error: error.message }),
    );
  }, [needed]);
  return state;
}

/** Whether every result carries its details, so the build's need not be read for them. */
export function allDescribed(results: ResultRef[]): boolean {
  return results.every((r) => r.item);
}

/**
 * Whether a search's stored details can be shown: made by this build's catalogue (another
 * build's thumbnail places point into other shards). Undefined while the build's id loads.
 */
export function detailsHold(entry: HistoryEntry, catalogueId: string | undefined): boolean | undefined {
  if (catalogueId === undefined) return undefined;
  return catalogueId !== '' && entry.catalogueId === catalogueId && allDescribed(entry.results);
}

/** A result's details: from the build's when they are loaded, else as stored with the result. */
export function resultItem(result: ResultRef, items?: ItemLookup): (CatalogueItem & { thumbnail?: ThumbnailRef }) | undefined {
  return itemFromRow(result.id, items ? items(result.id) : result.item);
}

let labels: Promise<{ rows: FacetRow[]; catalogueId: string }> | undefined;

/**
 * From the pack's labels.json: each catalogue item's type, gender and colour for the filter
 * counts, and the build's catalogue id ('' when labels.json cannot be read; undefined while
 * loading), which says whether thumbnail places stored with a search still hold.
 */
export function useCatalogueLabels(): { rows?: FacetRow[]; catalogueId?: string } {
  const [state, setState] = useState<{ rows?: FacetRow[]; catalogueId?: string }>({});
  useEffect(() => {
    labels ??= catalogueFile(PACK_FILES.labels).then(async (r) => {
      const l = (await r.json()) as PackLabels;
      const rows = l.typeOf.map((t, row) => ({ articleType: l.articleTypes[t], gender: l.genders[l.genderOf[row]], colour: l.colours[l.colourOf[row]] }));
      return { rows, catalogueId: l.catalogueId ?? '' };
    });
    labels.then(setState, () => {
      labels = undefined;
      setState({ catalogueId: '' });
    });
  }, []);
  return state;
}

const shards = new Map<number, Promise<ArrayBuffer>>();
const urls = new Map<string, Promise<string>>();

/** An object URL for one item's photo, cut from its thumbnail shard (each shard fetched once). */
export function thumbnailUrl(id: string, [shard, offset, length]: ThumbnailRef): Promise<string> {
  let url = urls.get(id);
  if (!url) {
    let bytes = shards.get(shard);
    if (!bytes) {
      bytes = catalogueFile(thumbnailShardName(shard)).then((r) => r.arrayBuffer());
      bytes.catch(() => shards.delete(shard));
      shards.set(shard, bytes);
    }
    url = bytes.then((all) => URL.createObjectURL(new Blob([all.slice(offset, offset + length)], { type: 'image/jpeg' })));
    url.catch(() => urls.delete(id));
    urls.set(id, url);
  }
  return url;
}

/** The thumbnail's URL once its shard has loaded; undefined while loading or when there is none. */
export function useThumbnail(id: string, ref: ThumbnailRef | undefined): string | undefined {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!ref) return;
    let live = true;
    thumbnailUrl(id, ref).then(
      (value) => live && setUrl(value),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [id, ref]);
  return url;
}
