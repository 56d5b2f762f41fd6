// Reading a learned head from disk, and applying it to every vector of a pack.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CatalogueItem } from '../../src/lib/catalogue.ts';
import { decodeHead, type Head, type HeadInfo, project } from '../../src/lib/head.ts';
import { isHeldOut } from './holdout.ts';
import { catalogueSource, readCatalogue } from './source.ts';
import type { Pack } from '../../src/lib/pack.ts';

/**
 * The head's article types are not stored in the repository (they are the catalogue's labels):
 * head.json keeps their count and a digest, and they are read back from the catalogue source.
 */
export function readHead(dir: string, source = catalogueSource()): Head {
  const stored = JSON.parse(readFileSync(join(dir, 'head.json'), 'utf8')) as HeadInfo & { typeDigest?: string };
  const info: HeadInfo = stored.typeDigest ? { ...stored, types: headTypes(readCatalogue(source), stored.typeDigest) } : stored;
  const bytes = readFileSync(join(dir, 'head.bin'));
  return decodeHead(info, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}

export function projectPack(pack: Pack, head: Head): Pack {
  const { dims } = head.info;
  const from = pack.header.dims;
  const vectors = new Float32Array(pack.header.count * dims);
  for (let row = 0; row < pack.header.count; row++) {
    vectors.set(project(head, pack.vectors.subarray(row * from, (row + 1) * from)), row * dims);
  }
  return { header: { ...pack.header, dims }, ids: pack.ids, vectors };
}

/** The classifier's types: every article type of a training (not held-out) item, sorted. */
export function trainingTypes(items: CatalogueItem[]): string[] {
  return [...new Set(items.filter((item) => !isHeldOut(item.id)).map((item) => item.articleType))].sort();
}

export function typeDigest(types: string[]): string {
  let h = 2166136261;
  const text = types.join('\n');
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return `${types.length}-${(h >>> 0).toString(16).padStart(8, '0')}`;
}

function headTypes(items: CatalogueItem[], digest: string): string[] {
  const types = trainingTypes(items);
  if (typeDigest(types) !== digest) {
    throw new Error(`the catalogue source's article types (${typeDigest(types)}) are not the ones the head was trained on (${digest})`);
  }
  return types;
}
