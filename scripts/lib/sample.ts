// Deterministic subset of a catalogue that still spans every article type.
import type { CatalogueItem } from '../../src/lib/catalogue.ts';

/** Up to `floor` items of every article type first, then an even stride over the rest, in CSV order. */
export function sample(items: CatalogueItem[], limit: number, floor = 8): CatalogueItem[] {
  if (limit >= items.length) return items;
  const perType = new Map<string, number>();
  const chosen = new Set<CatalogueItem>();
  for (const item of items) {
    const n = perType.get(item.articleType) ?? 0;
    if (n < floor && chosen.size < limit) {
      chosen.add(item);
      perType.set(item.articleType, n + 1);
    }
  }
  const rest = items.filter((item) => !chosen.has(item));
  const step = rest.length / Math.max(1, limit - chosen.size);
  for (let i = 0; chosen.size < limit && Math.floor(i * step) < rest.length; i++) {
    chosen.add(rest[Math.floor(i * step)]);
  }
  return items.filter((item) => chosen.has(item));
}
