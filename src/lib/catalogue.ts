// Catalogue items as the popup shows them, and how they are read from a styles.csv source.
import { parseCsv } from './csv.ts';

export interface CatalogueItem {
  id: string;
  name: string;
  articleType: string;
  colour: string;
  gender: string;
}

/** The compact form shipped in the build: id -> [name, articleType, colour, gender]. */
export type CatalogueItems = Record<string, [string, string, string, string]>;

export function parseStyles(csv: string): CatalogueItem[] {
  return parseCsv(csv)
    .filter((row) => row.id)
    .map((row) => ({
      id: row.id,
      name: row.productDisplayName ?? '',
      articleType: row.articleType ?? '',
      colour: row.baseColour ?? '',
      gender: row.gender ?? '',
    }));
}

export function compactItems(items: CatalogueItem[]): CatalogueItems {
  return Object.fromEntries(
    items.map((i) => [i.id, [i.name, i.articleType, i.colour, i.gender] as [string, string, string, string]]),
  );
}

export function itemFrom(items: CatalogueItems, id: string): CatalogueItem | undefined {
  const row = items[id];
  if (!row) return undefined;
  const [name, articleType, colour, gender] = row;
  return { id, name, articleType, colour, gender };
}
