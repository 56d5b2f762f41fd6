// Catalogue items as the popup shows them, and how they are read from a styles.csv source.
import { parseCsv } from './csv.ts';

export interface CatalogueItem {
  id: string;
  name: string;
  articleType: string;
  colour: string;
  gender: string;
}

/** Where an item's thumbnail lies: bytes [offset, offset + length) of thumbs-<shard>.bin. */
export type ThumbnailRef = [shard: number, offset: number, length: number];

/** One item in the compact form: [name, articleType, colour, gender, thumbnail?]. */
export type CatalogueRow = [string, string, string, string, ThumbnailRef?];

/** The compact form shipped in the build: id -> row. */
export type CatalogueItems = Record<string, CatalogueRow>;

export function isCatalogueRow(value: unknown): value is CatalogueRow {
  if (!Array.isArray(value) || (value.length !== 4 && value.length !== 5)) return false;
  const [thumbnail] = value.slice(4);
  return (
    value.slice(0, 4).every((v) => typeof v === 'string') &&
    (thumbnail === undefined || (Array.isArray(thumbnail) && thumbnail.length === 3 && thumbnail.every(Number.isInteger)))
  );
}

/**
 * Thumbnails are packed into shards of about this size: ~230 files, not one per item, and a popup
 * showing 12 results reads at most 3 MB. With 1 MB shards (12 MB to read) the 12 photos showed
 * ~100 ms later (median of 6 popup opens each, side by side, 2026-12-05).
 */
export const THUMBNAIL_SHARD_BYTES = 256 * 1024;

export function thumbnailShardName(shard: number): string {
  return `thumbs-${shard}.bin`;
}

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

export function compactItems(items: CatalogueItem[], thumbnails?: Map<string, ThumbnailRef>): CatalogueItems {
  return Object.fromEntries(
    items.map((i) => {
      const thumbnail = thumbnails?.get(i.id);
      return [i.id, thumbnail ? [i.name, i.articleType, i.colour, i.gender, thumbnail] : [i.name, i.articleType, i.colour, i.gender]];
    }),
  );
}

export function itemFrom(items: CatalogueItems, id: string): (CatalogueItem & { thumbnail?: ThumbnailRef }) | undefined {
  return itemFromRow(id, items[id]);
}

export function itemFromRow(id: string, row: CatalogueRow | undefined): (CatalogueItem & { thumbnail?: ThumbnailRef }) | undefined {
  if (!row) return undefined;
  const [name, articleType, colour, gender, thumbnail] = row;
  return { id, name, articleType, colour, gender, thumbnail };
}
