// Search history: a schema-versioned list in extension storage, newest first, with validation.

export const HISTORY_KEY = 'history';
export const HISTORY_SCHEMA = 1;
export const HISTORY_LIMIT = 200;

export interface ResultRef {
  id: string;
  score: number;
}

export interface HistoryEntry {
  id: string;
  createdAt: number;
  pageUrl: string;
  srcUrl: string;
  /** Small JPEG data URL of the searched image. */
  thumbnail: string;
  results: ResultRef[];
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
  if (!stored || stored.schema !== HISTORY_SCHEMA || !Array.isArray(stored.entries)) {
    return { schema: HISTORY_SCHEMA, entries: [] };
  }
  return { schema: HISTORY_SCHEMA, entries: stored.entries.filter(isHistoryEntry) };
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

/** History over a storage area; writes are queued so concurrent updates never drop each other. */
export class History {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly area: KeyValueArea) {}

  async read(): Promise<HistoryData> {
    const stored = await this.area.get(HISTORY_KEY);
    return migrateHistory(stored[HISTORY_KEY]);
  }

  add(entry: HistoryEntry): Promise<HistoryData> {
    return this.update((data) => withEntry(data, entry));
  }

  remove(id: string): Promise<HistoryData> {
    return this.update((data) => withoutEntry(data, id));
  }

  clear(): Promise<HistoryData> {
    return this.update(() => ({ schema: HISTORY_SCHEMA, entries: [] }));
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
