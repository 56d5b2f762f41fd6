import { describe, expect, it } from 'vitest';
import { facetCounts, matchingCount } from '../../src/lib/facets.ts';

const rows = [
  { articleType: 'Tshirts', gender: 'Men', colour: 'Blue' },
  { articleType: 'Tshirts', gender: 'Women', colour: 'Red' },
  { articleType: 'Jeans', gender: 'Men', colour: 'Blue' },
  { articleType: 'Tshirts', gender: 'Men', colour: 'Red' },
  { articleType: 'Watches', gender: 'Men', colour: '' },
];

describe('facet counts', () => {
  it('counts every value over the whole catalogue with no filter, most common first', () => {
    const f = facetCounts(rows);
    expect(f.articleTypes).toEqual([['Tshirts', 3], ['Jeans', 1], ['Watches', 1]]);
    expect(f.genders).toEqual([['Men', 4], ['Women', 1]]);
    expect(f.colours).toEqual([['Blue', 2], ['Red', 2]]);
  });

  it("counts each dimension under the other dimensions' filters, and they add up to what the filter leaves", () => {
    const filter = { genders: ['Men'], colours: ['Blue'] };
    const f = facetCounts(rows, filter);
    expect(f.articleTypes).toEqual([['Jeans', 1], ['Tshirts', 1]]);
    // Gender counts ignore the gender filter itself, so other genders stay choosable.
    expect(f.genders).toEqual([['Men', 2]]);
    expect(f.colours).toEqual([['Blue', 2], ['Red', 1]]);
    expect(matchingCount(rows, filter)).toBe(2);
    expect(matchingCount(rows, { ...filter, articleTypes: ['Jeans'] })).toBe(f.articleTypes[0][1]);
  });
});
