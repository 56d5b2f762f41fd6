import { describe, expect, it } from 'vitest';
import { averagePrecisionAt, precisionAt, seededRandom, summarise } from '../../scripts/lib/metrics.ts';

const T = true;
const F = false;

describe('retrieval metrics', () => {
  it('computes precision at k', () => {
    expect(precisionAt([T, F, T, F, F], 1)).toBe(1);
    expect(precisionAt([T, F, T, F, F], 5)).toBeCloseTo(0.4);
  });

  it('computes AP@k over min(k, relevant in catalogue)', () => {
    // Relevant at ranks 1 and 3: (1/1 + 2/3) / min(10, 2).
    expect(averagePrecisionAt([T, F, T, F, F, F, F, F, F, F], 10, 2)).toBeCloseTo((1 + 2 / 3) / 2);
    // Plenty relevant in the catalogue: divided by k.
    expect(averagePrecisionAt([T, F, T, F, F, F, F, F, F, F], 10, 500)).toBeCloseTo((1 + 2 / 3) / 10);
    expect(averagePrecisionAt([F, F], 10, 0)).toBe(0);
  });

  it('summarises queries with hit rate, hubness and a per-label breakdown', () => {
    const ten = (first: boolean) => [first, F, F, F, F, F, F, F, F, F];
    const m = summarise([
      { relevant: ten(T), relevantInCatalogue: 5, label: 'Shirt', retrievedIds: ['a', 'b'] },
      { relevant: ten(F), relevantInCatalogue: 5, label: 'Shoes', retrievedIds: ['a', 'c'] },
    ]);
    expect(m).toMatchObject({ n: 2, p1: 0.5, p5: 0.1, hit5: 0.5 });
    expect(m.mostRetrieved).toEqual({ id: 'a', count: 2, share: 1 });
    expect(m.perLabel?.Shirt).toEqual({ n: 1, p5: 0.2, hit5: 1 });
  });

  it('draws the same leave-one-out sample for the same seed', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const draws = Array.from({ length: 5 }, () => a());
    expect(draws).toEqual(Array.from({ length: 5 }, () => b()));
    expect(new Set(draws).size).toBe(5);
  });
});
