// Filter options with the number of catalogue items each would leave, counted the usual faceted
// way: each dimension's counts honour the filters set on the *other* dimensions, so choosing an
// option never shows a count that the search cannot reach.
import type { Filter } from './rank.ts';

export type FacetKey = 'articleTypes' | 'genders' | 'colours';

export interface FacetRow {
  articleType: string;
  gender: string;
  colour: string;
}

export type Facets = Record<FacetKey, [value: string, count: number][]>;

const FIELD: Record<FacetKey, keyof FacetRow> = { articleTypes: 'articleType', genders: 'gender', colours: 'colour' };
const KEYS = Object.keys(FIELD) as FacetKey[];

/** Counts per value, most common first (ties by name); empty values are not offered. */
export function facetCounts(rows: Iterable<FacetRow>, filter: Filter = {}): Facets {
  const wanted = KEYS.map((key) => (filter[key]?.length ? new Set(filter[key]) : undefined));
  const counts = KEYS.map(() => new Map<string, number>());
  for (const row of rows) {
    const passes = KEYS.map((key, i) => !wanted[i] || (wanted[i] as Set<string>).has(row[FIELD[key]]));
    KEYS.forEach((key, i) => {
      // Passing every other dimension is what counts for this one.
      if (!passes.every((ok, j) => ok || j === i)) return;
      const value = row[FIELD[key]];
      if (value) counts[i].set(value, (counts[i].get(value) ?? 0) + 1);
    });
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return { articleTypes: sorted(counts[0]), genders: sorted(counts[1]), colours: sorted(counts[2]) };
}

/** How many rows a filter leaves in all. */
export function matchingCount(rows: Iterable<FacetRow>, filter: Filter = {}): number {
  let n = 0;
  for (const row of rows) if (KEYS.every((key) => !filter[key]?.length || filter[key]?.includes(row[FIELD[key]]))) n++;
  return n;
}
