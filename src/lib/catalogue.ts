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

/** The compact form the build starts from: id -> row (shipped as details.bin, in pack row order). */
export type CatalogueItems = Record<string, CatalogueRow>;

/** An item's details by id, or undefined for an id the build does not hold. */
export type ItemLookup = (id: string) => CatalogueRow | undefined;

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

/**
 * details.bin: each pack row's item details, in pack row order, read without parsing the whole
 * catalogue (the worker attaches the results' details to a search from it, with no JSON parse of
 * 42,653 items on a cold start). Layout, little-endian u32 unless named:
 * count, text offsets [count + 1], thumbnails [count x (shard, offset, length); shard
 * 0xffffffff = none], then UTF-8 text, one row "name US type US colour US gender" (US = \u001f).
 */
export const DETAILS_FILE = 'details.bin';
const NO_THUMBNAIL = 0xffffffff;
const SEPARATOR = '\u001f';

/** Where details.bin keeps things for `count` rows, in u32 words: row's text offset and thumbnail, and the text's start. */
function detailsLayout(count: number) {
  return { textOffset: (row: number) => 1 + row, thumbnail: (row: number) => 1 + (count + 1) + row * 3, text: 1 + (count + 1) + count * 3 };
}

export function encodeDetails(rows: (CatalogueRow | undefined)[]): Uint8Array {
  const utf8 = new TextEncoder();
  const texts = rows.map((row) => utf8.encode(row ? row.slice(0, 4).join(SEPARATOR) : ''));
  const layout = detailsLayout(rows.length);
  const out = new Uint8Array(layout.text * 4 + texts.reduce((n, t) => n + t.length, 0));
  const words = new DataView(out.buffer);
  const put = (index: number, value: number) => words.setUint32(index * 4, value, true);
  put(0, rows.length);
  let at = 0;
  for (const [row, text] of texts.entries()) {
    put(layout.textOffset(row), at);
    out.set(text, layout.text * 4 + at);
    at += text.length;
    const thumbnail = rows[row]?.[4];
    const slot = layout.thumbnail(row);
    put(slot, thumbnail ? thumbnail[0] : NO_THUMBNAIL);
    put(slot + 1, thumbnail?.[1] ?? 0);
    put(slot + 2, thumbnail?.[2] ?? 0);
  }
  put(layout.textOffset(rows.length), at);
  return out;
}

/** A digest of details.bin (FNV-1a over its length and every byte): names the build's catalogue. */
export function detailsDigest(bytes: Uint8Array): string {
  let h = Math.imul(2166136261 ^ bytes.length, 16777619);
  for (const b of bytes) h = Math.imul(h ^ b, 16777619);
  return (h >>> 0).toString(16).padStart(8, '0');
}

const utf8Decoder = new TextDecoder();

/** One pack row's details from details.bin, or undefined for a row without an item. */
export function detailsRow(bytes: ArrayBuffer, row: number): CatalogueRow | undefined {
  const words = new DataView(bytes);
  const get = (index: number) => words.getUint32(index * 4, true);
  const count = get(0);
  if (row < 0 || row >= count) return undefined;
  const layout = detailsLayout(count);
  const start = get(layout.textOffset(row));
  const end = get(layout.textOffset(row + 1));
  if (end === start) return undefined;
  const [name, articleType, colour, gender] = utf8Decoder.decode(new Uint8Array(bytes, layout.text * 4 + start, end - start)).split(SEPARATOR);
  const slot = layout.thumbnail(row);
  const shard = get(slot);
  return shard === NO_THUMBNAIL ? [name, articleType, colour, gender] : [name, articleType, colour, gender, [shard, get(slot + 1), get(slot + 2)]];
}

/** Details by id from details.bin and the pack's ids (the same row order), each row decoded when asked for. */
export function detailsLookup(ids: string[], details: ArrayBuffer): ItemLookup {
  const rows = new Map(ids.map((id, row) => [id, row]));
  return (id) => {
    const row = rows.get(id);
    return row === undefined ? undefined : detailsRow(details, row);
  };
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
