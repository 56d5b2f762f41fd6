import { describe, expect, it } from 'vitest';
import { HISTORY_KEY, HISTORY_SCHEMA, History, type HistoryEntry, type KeyValueArea, migrateHistory, withEntry } from '../../src/lib/history.ts';

function entry(id: string, createdAt = 1): HistoryEntry {
  return { id, createdAt, pageUrl: 'https://shop.example/p', srcUrl: 'https://shop.example/a.jpg', thumbnail: 'data:image/jpeg;base64,', results: [{ id: '42', score: 0.9 }] };
}

/** An in-memory storage area that answers asynchronously, like browser.storage, with an optional byte quota. */
function memoryArea(quotaBytes = Number.POSITIVE_INFINITY): KeyValueArea & { data: Record<string, unknown> } {
  const data: Record<string, unknown> = {};
  return {
    data,
    get: async (key) => structuredClone(key in data ? { [key]: data[key] } : {}),
    set: async (items) => {
      await new Promise((r) => setTimeout(r, 1));
      if (JSON.stringify({ ...data, ...items }).length > quotaBytes) throw new Error('QUOTA_BYTES quota exceeded');
      Object.assign(data, structuredClone(items));
    },
  };
}

describe('history schema', () => {
  it('starts empty from nothing, or from an unknown schema version', () => {
    expect(migrateHistory(undefined)).toEqual({ schema: HISTORY_SCHEMA, entries: [] });
    expect(migrateHistory({ schema: 99, entries: [entry('a')] }).entries).toEqual([]);
  });

  it('drops only the entries that fail validation', () => {
    const broken = [{ ...entry('b'), results: [{ id: 3, score: 'x' }] }, { id: 'c' }, null];
    const data = migrateHistory({ schema: HISTORY_SCHEMA, entries: [entry('a'), ...broken] });
    expect(data.entries.map((e) => e.id)).toEqual(['a']);
  });

  it('puts new entries first, replaces an entry with the same id, and keeps at most the limit', () => {
    let data = migrateHistory(undefined);
    for (const id of ['a', 'b', 'c', 'a']) data = withEntry(data, entry(id), 2);
    expect(data.entries.map((e) => e.id)).toEqual(['a', 'c']);
  });
});

describe('History over a storage area', () => {
  it('keeps every one of concurrent additions, then removes and clears', async () => {
    const area = memoryArea();
    const history = new History(area);
    await Promise.all(['a', 'b', 'c'].map((id, i) => history.add(entry(id, i))));
    expect((await history.read()).entries.map((e) => e.id)).toEqual(['c', 'b', 'a']);
    await history.remove('b');
    expect((await history.read()).entries.map((e) => e.id)).toEqual(['c', 'a']);
    await history.clear();
    expect(area.data[HISTORY_KEY]).toEqual({ schema: HISTORY_SCHEMA, entries: [] });
  });

  it('evicts the oldest searches when storage is full, never the newest', async () => {
    const one = JSON.stringify(entry('x')).length;
    const area = memoryArea(one * 5);
    const history = new History(area);
    for (let i = 0; i < 12; i++) await history.add(entry(`e${i}`, i));
    const ids = (await history.read()).entries.map((e) => e.id);
    expect(ids[0]).toBe('e11');
    expect(ids.length).toBeGreaterThan(1);
    expect(ids.length).toBeLessThan(5);
    expect(ids).toEqual([...ids].sort((a, b) => Number(b.slice(1)) - Number(a.slice(1))));
  });

  it('reports a storage failure that is not about space, changing nothing', async () => {
    const area = memoryArea();
    const history = new History(area);
    await history.add(entry('a'));
    area.set = async () => {
      throw new Error('IO error');
    };
    await expect(history.add(entry('b'))).rejects.toThrow('IO error');
    expect((area.data[HISTORY_KEY] as { entries: HistoryEntry[] }).entries.map((e) => e.id)).toEqual(['a']);
  });
});
