// Reading packs and the learned head from disk, checked against the recipe in use.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Head } from '../../src/lib/head.ts';
import type { ModelInfo } from '../../src/lib/model-info.ts';
import { checkPack, decodePack, PACK_FILES, type Pack, type PackHeader, type PackRecipe } from '../../src/lib/pack.ts';
import { indexForPack } from '../../src/lib/pack-index.ts';
import { type PackLabels, packLabels, Ranker } from '../../src/lib/rank.ts';
import { catalogueSource, readCatalogue } from './source.ts';
import { type CatalogueItem, type CatalogueItems, DETAILS_FILE, detailsLookup } from '../../src/lib/catalogue.ts';
import { PREPROCESS_ID } from '../../src/lib/preprocess.ts';
import { NO_HEAD } from '../../src/lib/vectoriser.ts';
import { readHead } from './node-head.ts';

export const DEFAULT_HEAD_DIR = resolve('data/head');

/** The recipe of raw model features, before any head. */
export function rawRecipe(model: ModelInfo): PackRecipe {
  return { modelId: model.id, preprocessId: PREPROCESS_ID, headId: NO_HEAD, dims: model.dims };
}

export function readPackHeader(dir: string): PackHeader {
  try {
    return JSON.parse(readFileSync(join(dir, PACK_FILES.header), 'utf8'));
  } catch {
    throw new Error(`no catalogue pack in ${dir}: run \`npm run catalogue\``);
  }
}

/** The pack's header, vector bytes and ids as stored, not yet checked. */
function readPackFiles(dir: string): { header: PackHeader; vectorBytes: ArrayBuffer; ids: string[] } {
  const header = readPackHeader(dir);
  const bytes = readFileSync(join(dir, PACK_FILES.vectors));
  const vectorBytes = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const ids: string[] = JSON.parse(readFileSync(join(dir, PACK_FILES.ids), 'utf8'));
  return { header, vectorBytes, ids };
}

export function readPack(dir: string, expected: PackRecipe): Pack {
  const { header, vectorBytes, ids } = readPackFiles(dir);
  return decodePack(header, vectorBytes, ids, expected);
}

/**
 * The pack's files as the extension reads them, checked, with its ranker (index, labels, head);
 * the vector bytes too, for callers that also want the decoded vectors.
 */
export async function readRanker(
  dir: string,
  expected: PackRecipe,
  head?: Head,
  source = catalogueSource(),
): Promise<{ header: PackHeader; ids: string[]; vectorBytes: ArrayBuffer; ranker: Ranker }> {
  const { header, vectorBytes, ids } = readPackFiles(dir);
  checkPack(header, vectorBytes, ids, expected);
  const labels = labelsFor(ids, readCatalogue(source));
  return { header, ids, vectorBytes, ranker: new Ranker(await indexForPack(header, vectorBytes), labels, head) };
}

/** A built extension's item details by id (its catalogue folder's ids.json and details.bin). */
export function builtItems(catalogueDir: string): CatalogueItems {
  const ids: string[] = JSON.parse(readFileSync(join(catalogueDir, PACK_FILES.ids), 'utf8'));
  const bytes = readFileSync(join(catalogueDir, DETAILS_FILE));
  const lookup = detailsLookup(ids, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return Object.fromEntries(ids.flatMap((id) => {
    const row = lookup(id);
    return row ? [[id, row]] : [];
  }));
}

/** labels.json for a pack: each row's article type and gender, from the catalogue's items. */
export function labelsFor(ids: string[], items: CatalogueItem[]): PackLabels {
  const details = new Map(items.map((item) => [item.id, item]));
  return packLabels(ids, (id) => details.get(id));
}

/** The head a pack was made with (none for raw features), from `headDir`, checked by id. */
export function headForPack(header: PackHeader, headDir = DEFAULT_HEAD_DIR, source?: string): Head | undefined {
  if ((header.headId ?? NO_HEAD) === NO_HEAD) return undefined;
  if (!existsSync(join(headDir, 'head.json'))) throw new Error(`the pack needs head ${header.headId}, and ${headDir} has none`);
  const head = readHead(headDir, source);
  if (head.info.id !== header.headId) throw new Error(`the pack needs head ${header.headId}, but ${headDir} holds ${head.info.id}`);
  return head;
}
