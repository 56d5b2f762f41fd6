import { describe, expect, it } from 'vitest';
import { HISTORY_KEY, HISTORY_SCHEMA, History, type HistoryEntry, type KeyValueArea, migrateHistory, withEntry } from '../../src/lib/history.ts';
import { isStoredVector, loadQuery, storeQuery } from '../../src/lib/stored-vector.ts';

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

  it('migrates schema 1 history to schema 2, keeping every entry and its results', () => {
    const v1 = { schema: 1, entries: [entry('a', 2), entry('b', 1)] };
    const data = migrateHistory(structuredClone(v1));
    expect(data.schema).toBe(2);
    expect(data.entries).toEqual(v1.entries);
  });

  it('drops a schema 2 field that fails validation, keeping the entry', () => {
    const good = { ...entry('a'), crop: { x: 0.1, y: 0.2, width: 0.5, height: 0.5 }, filter: { genders: ['Men'] }, likeItem: '7' };
    const bad = { ...entry('b'), crop: { x: 0.8, y: 0, width: 0.5, height: 1 }, filter: { genders: 'Men' }, image: 'javascript:1', vector: 3 };
    const data = migrateHistory({ schema: 2, entries: [good, bad] });
    expect(data.entries[0]).toEqual(good);
    expect(data.entries[1]).toEqual(entry('b'));
  });

  it('puts new entries first, replaces an entry with the same id, and keeps at most the limit', () => {
    let data = migrateHistory(undefined);
    for (const id of ['a', 'b', 'c', 'a']) data = withEntry(data, entry(id), 2);
    expect(data.entries.map((e) => e.id)).toEqual(['a', 'c']);
  });
});

describe('result details', () => {
  it('keep a valid item row with each result and drop a malformed one, keeping the result', () => {
    const row: [string, string, string, string, [number, number, number]] = ['Blue T-shirt', 'Tshirts', 'Blue', 'Men', [3, 1024, 1500]];
    const stored = {
      ...entry('a'),
      results: [
        { id: '1', score: 0.9, item: row },
        { id: '2', score: 0.8, item: ['only a name'] },
        { id: '3', score: 0.7, item: ['n', 't', 'c', 'g', [1, 2]] },
        { id: '4', score: 0.6 },
      ],
    };
    const [back] = migrateHistory({ schema: HISTORY_SCHEMA, entries: [{ ...stored, catalogueId: 'abc12345' }] }).entries;
    expect(back.catalogueId).toBe('abc12345');
    expect(migrateHistory({ schema: HISTORY_SCHEMA, entries: [{ ...entry('b'), catalogueId: 7 }] }).entries[0]).toEqual(entry('b'));
    expect(back.results).toEqual([{ id: '1', score: 0.9, item: row }, { id: '2', score: 0.8 }, { id: '3', score: 0.7 }, { id: '4', score: 0.6 }]);
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
    const cleared = await history.clear();
    expect(cleared.map((e) => e.id)).toEqual(['c', 'a']);
    expect(area.data[HISTORY_KEY]).toEqual({ schema: HISTORY_SCHEMA, entries: [] });
  });

  it('undoes a clear: the cleared entries return beside ones added since, newest first, within the limit', async () => {
    const history = new History(memoryArea());
    for (const [id, t] of [['a', 1], ['b', 2], ['c', 3]] as const) await history.add(entry(id, t));
    const cleared = await history.clear();
    await history.add(entry('d', 4));
    expect((await history.restore(cleared, 3)).entries.map((e) => e.id)).toEqual(['d', 'c', 'b']);
  });

  it('replaces one entry in place, and says when it is gone', async () => {
    const history = new History(memoryArea());
    for (const [id, t] of [['a', 1], ['b', 2]] as const) await history.add(entry(id, t));
    expect(await history.replace({ ...entry('a', 1), results: [] })).toBe(true);
    expect((await history.read()).entries.map((e) => [e.id, e.results.length])).toEqual([['b', 1], ['a', 0]]);
    expect(await history.replace(entry('z'))).toBe(false);
    expect((await history.trim(1)).entries.map((e) => e.id)).toEqual(['b']);
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

describe('stored query vectors', () => {
  const recipe = { modelId: 'm', preprocessId: 'p', headId: 'h', dims: 4 };

  it('round-trip through float16 to 3 decimals, and are refused for another recipe', () => {
    const vector = Float32Array.from([0.5, -0.25, 0.8, 0.1]);
    const stored = storeQuery({ vector }, recipe);
    const back = loadQuery(stored, recipe);
    for (let i = 0; i < 4; i++) expect(back?.vector[i]).toBeCloseTo(vector[i], 3);
    expect(back?.typeLogProbs).toBeUndefined();
    expect(loadQuery(stored, { ...recipe, headId: 'other' })).toBeUndefined();
    expect(loadQuery(stored, { ...recipe, dims: 8 })).toBeUndefined();
  });

  it("keep the photo's type log-probabilities beside the vector, so a refined search ranks as the first did", () => {
    const query = { vector: Float32Array.from([0.5, -0.25, 0.8, 0.1]), typeLogProbs: Float32Array.from([-0.105, -2.3, -9.2]) };
    const stored = storeQuery(query, recipe);
    expect(isStoredVector(stored)).toBe(true);
    const back = loadQuery(stored, recipe);
    expect(back?.typeLogProbs).toHaveLength(3);
    for (let i = 0; i < 3; i++) expect(back?.typeLogProbs?.[i]).toBeCloseTo(query.typeLogProbs[i], 1);
    expect(isStoredVector({ ...stored, types: 42 })).toBe(false);
  });
});
