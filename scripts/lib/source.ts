// Where the catalogue source (images/ + styles.csv) and the default pack live, for every script.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type CatalogueItem, parseStyles } from '../../src/lib/catalogue.ts';

/** --source flag, else LOOKALIKE_CATALOGUE, else the shared copy beside the project. */
export function catalogueSource(flag?: string): string {
  return resolve(flag ?? process.env.LOOKALIKE_CATALOGUE ?? '../shared/catalogue/myntra-small');
}

export const DEFAULT_PACK_DIR = resolve('data/catalogue');

export function readCatalogue(source: string): CatalogueItem[] {
  const csv = join(source, 'styles.csv');
  if (!existsSync(csv)) {
    throw new Error(`no styles.csv in ${source}: pass --source DIR or set LOOKALIKE_CATALOGUE`);
  }
  return parseStyles(readFileSync(csv, 'utf8'));
}

export function imagePath(source: string, id: string): string {
  return join(source, 'images', `${id}.jpg`);
}
