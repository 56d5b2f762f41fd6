// Search history: a schema-versioned list in extension storage, newest first, with validation
// and migration from every older schema.
import { type CatalogueRow, isCatalogueRow } from './catalogue.ts';
import { type Crop, isCrop } from './crop.ts';
import type { Filter } from './rank.ts';
import { isStoredVector, type StoredVector } from './stored-vector.ts';

export const HISTORY_KEY = 'history';
/** 1: results only. 2: adds the searched photo, its vector, crop, filter and "more like this" source. */
export const HISTORY_SCHEMA = 2;
export const HISTORY_LIMIT = 100;

export interface ResultRef {
  id: string;
  score: number;
  /** The item's details as the catalogue shipped them: the popup shows them without reading all 42,653. */
  item?: CatalogueRow;
}

export interface HistoryEntry {
  id: string;
  createdAt: number;
  pageUrl: string;
  srcUrl: string;
  /** Small JPEG data URL of the searched image. */
  thumbnail: string;
  results: ResultRef[];
  /** The searched photo (JPEG data URL, at most 448 px): crop and re-run work without the page. */
  image?: string;
  /** The query vector: filters and "show more" re-rank without embedding again. */
  vector?: StoredVector;
  /** The first search's vector of the whole photo (full resolution): "whole photo" after a crop returns to it. */
  wholeVector?: StoredVector;
  crop?: Crop;
  filter?: Filter;
  /** The catalogue item this search started from ("more like this"). */
  likeItem?: string;
  /** The build's catalogue id when the results' details were stored (see PackLabels.catalogueId). */
  catalogueId?: string;
}

export interface HistoryData {
  schema: typeof HISTORY_SCHEMA;
  entries: HistoryEntry[];
}

/** The part of a storage area history needs (browser.storage.local, or a fake in tests). */
export interface KeyValueArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

/**
 * Reads stored history of any age into the current schema. Entries that fail validation are
 * dropped one by one, so one bad entry never costs the rest.
 */
export function migrateHistory(raw: unknown): HistoryData {
  const stored = raw as { schema?: unknown; entries?: unknown } | undefined;
  // Schema 1 entries are schema 2 entries without the optional fields.
  if (!stored || (stored.schema !== 1 && stored.schema !== HISTORY_SCHEMA) || !Array.isArray(stored.entries)) {
    return { schema: HISTORY_SCHEMA, entries: [] };
  }
  return { schema: HISTORY_SCHEMA, entries: stored.entries.filter(isHistoryEntry).map(withValidExtras) };
}

/** Optional fields that fail validation are dropped; the entry and its results stay. */
function withValidExtras(entry: HistoryEntry): HistoryEntry {
  const { image, vector, wholeVector, crop, filter, likeItem, results, catalogueId, ...core } = entry;
  const strings = (v: unknown) => v === undefined || (Array.isArray(v) && v.every((s) => typeof s === 'string'));
  const validFilter = typeof filter === 'object' && filter !== null && strings(filter.articleTypes) && strings(filter.genders) && strings(filter.colours);
  return {
    ...core,
    results: results.map(({ id, score, item }) => (isCatalogueRow(item) ? { id, score, item } : { id, score })),
    ...(typeof image === 'string' && image.startsWith('data:image/') ? { image } : {}),
    ...(isStoredVector(vector) ? { vector } : {}),
    ...(isStoredVector(wholeVector) ? { wholeVector } : {}),
    ...(isCrop(crop) ? { crop } : {}),
    ...(validFilter ? { filter } : {}),
    ...(typeof likeItem === 'string' ? { likeItem } : {}),
    ...(typeof catalogueId === 'string' ? { catalogueId } : {}),
  };
}

export function isHistoryEntry(value: unknown): value is HistoryEntry {
  const e = value as HistoryEntry;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.id === 'string' &&
    Number.isFinite(e.createdAt) &&
    typeof e.pageUrl === 'string' &&
    typeof e.srcUrl === 'string' &&
    typeof e.thumbnail === 'string' &&
    Array.isArray(e.results) &&
    e.results.every((r) => typeof r?.id === 'string' && Number.isFinite(r.score))
  );
}

export function withEntry(data: HistoryData, entry: HistoryEntry, limit = HISTORY_LIMIT): HistoryData {
  const rest = data.entries.filter((e) => e.id !== entry.id);
  return { schema: HISTORY_SCHEMA, entries: [entry, ...rest].slice(0, limit) };
}

export function withoutEntry(data: HistoryData, id: string): HistoryData {
  return { schema: HISTORY_SCHEMA, entries: data.entries.filter((e) => e.id !== id) };
}

/** Undo of "clear all": the cleared entries come back beside any added since, newest first. */
export function withRestored(data: HistoryData, restored: HistoryEntry[], limit = HISTORY_LIMIT): HistoryData {
  const seen = new Set(data.entries.map((e) => e.id));
  const entries = [...data.entries, ...restored.filter((e) => !seen.has(e.id))].sort((a, b) => b.createdAt - a.createdAt);
  return { schema: HISTORY_SCHEMA, entries: entries.slice(0, limit) };
}

/** History over a storage area; writes are queued so concurrent updates never drop each other. */
export class History {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly area: KeyValueArea) {}

  async read(): Promise<HistoryData> {
    const stored = await this.area.get(HISTORY_KEY);
    return migrateHistory(stored[HISTORY_KEY]);
  }

  add(entry: HistoryEntry, limit = HISTORY_LIMIT): Promise<HistoryData> {
    return this.update((data) => withEntry(data, entry, limit));
  }

  /** Changes one entry in place (a refined search keeps its place in the list); false when it is gone. */
  async replace(entry: HistoryEntry): Promise<boolean> {
    let found = false;
    await this.update((data) => ({
      schema: HISTORY_SCHEMA,
      entries: data.entries.map((e) => {
        if (e.id !== entry.id) return e;
        found = true;
        return entry;
      }),
    }));
    return found;
  }

  remove(id: string): Promise<HistoryData> {
    return this.update((data) => withoutEntry(data, id));
  }

  /** Empties the history; returns what was cleared, for undo. */
  async clear(): Promise<HistoryEntry[]> {
    let cleared: HistoryEntry[] = [];
    await this.update((data) => {
      cleared = data.entries;
      return { schema: HISTORY_SCHEMA, entries: [] };
    });
    return cleared;
  }

  restore(entries: HistoryEntry[], limit = HISTORY_LIMIT): Promise<HistoryData> {
    return this.update((data) => withRestored(data, entries, limit));
  }

  /** Drops the oldest entries beyond a (lowered) limit. */
  trim(limit: number): Promise<HistoryData> {
    return this.update((data) => ({ schema: HISTORY_SCHEMA, entries: data.entries.slice(0, limit) }));
  }

  private update(change: (data: HistoryData) => HistoryData): Promise<HistoryData> {
    const next = this.queue.then(async () => this.write(change(await this.read())));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Writes the whole list at once (never half-written); when storage is full, the oldest entries go first. */
  private async write(data: HistoryData): Promise<HistoryData> {
    let entries = data.entries;
    for (;;) {
      try {
        const kept: HistoryData = { schema: HISTORY_SCHEMA, entries };
        await this.area.set({ [HISTORY_KEY]: kept });
        return kept;
      } catch (error) {
        if (!isQuotaError(error) || entries.length <= 1) throw error;
        entries = entries.slice(0, Math.ceil(entries.length / 2));
      }
    }
  }
}

export function isQuotaError(error: unknown): boolean {
  return /quota/i.test(error instanceof Error ? error.message : String(error));
}
