// Vite plugin: puts what the extension needs beside the bundle: tfjs WASM binaries (unhashed, for
// setWasmPaths), and the catalogue pack with item details and thumbnails read from the source.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';
import { compactItems, DETAILS_FILE, detailsDigest, encodeDetails, THUMBNAIL_SHARD_BYTES, type ThumbnailRef, thumbnailShardName } from '../../src/lib/catalogue.ts';
import { PACK_FILES } from '../../src/lib/pack.ts';
import { headForPack, labelsFor, readPackHeader } from './node-pack.ts';
import { imagePath, readCatalogue } from './source.ts';

const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

export function extensionAssets(options: { packDir: string; headDir: string; source: string; modelDir: string }): Plugin {
  return {
    name: 'lookalike-extension-assets',
    apply: 'build',
    buildStart() {
      if (!existsSync(join(options.modelDir, 'model.json'))) {
        this.error(`no model in ${options.modelDir}: run \`npm run model\``);
      }
      if (!existsSync(join(options.packDir, PACK_FILES.header))) {
        this.error(`no catalogue pack in ${options.packDir}: run \`npm run catalogue\``);
      }
    },
    writeBundle(output) {
      const out = output.dir as string;
      copyWasm(join(out, 'wasm'));
      copyCatalogue(options, join(out, 'catalogue'));
      copyHead(options, join(out, 'model'));
    },
  };
}

/** The learned head goes beside the model when (and only when) the pack was made through it. */
function copyHead(options: { packDir: string; headDir: string; source: string }, dir: string): void {
  const head = headForPack(readPackHeader(options.packDir), options.headDir, options.source);
  if (!head) return;
  // head.json with its article types filled in from the catalogue source (not stored in git).
  writeFileSync(join(dir, 'head.json'), JSON.stringify(head.info));
  copyFileSync(join(options.headDir, 'head.bin'), join(dir, 'head.bin'));
}

function copyWasm(dir: string): void {
  const require = createRequire(import.meta.url);
  const wasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  mkdirSync(dir, { recursive: true });
  for (const file of WASM_FILES) copyFileSync(join(wasmDir, file), join(dir, file));
}

function copyCatalogue(options: { packDir: string; source: string }, dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const file of [PACK_FILES.header, PACK_FILES.vectors, PACK_FILES.ids]) copyFileSync(join(options.packDir, file), join(dir, file));
  const ids: string[] = JSON.parse(readFileSync(join(options.packDir, PACK_FILES.ids), 'utf8'));
  const catalogue = readCatalogue(options.source);
  const thumbnails = packThumbnails(ids, options.source, dir);
  const wanted = new Set(ids);
  const items = compactItems(catalogue.filter((item) => wanted.has(item.id)), thumbnails);
  const details = encodeDetails(ids.map((id) => items[id]));
  writeFileSync(join(dir, DETAILS_FILE), details);
  writeFileSync(join(dir, PACK_FILES.labels), JSON.stringify({ ...labelsFor(ids, catalogue), catalogueId: detailsDigest(details) }));
}

/**
 * The catalogue photos, byte for byte, concatenated into shards of THUMBNAIL_SHARD_BYTES (about
 * 230 files for the whole catalogue instead of one per item); details.bin says where each one lies.
 */
function packThumbnails(ids: string[], source: string, dir: string): Map<string, ThumbnailRef> {
  const where = new Map<string, ThumbnailRef>();
  let shard = 0;
  let parts: Buffer[] = [];
  let size = 0;
  const flush = () => {
    if (size === 0) return;
    writeFileSync(join(dir, thumbnailShardName(shard++)), Buffer.concat(parts));
    parts = [];
    size = 0;
  };
  let missing = 0;
  for (const id of ids) {
    const from = imagePath(source, id);
    if (!existsSync(from)) {
      missing++;
      continue;
    }
    const bytes = readFileSync(from);
    where.set(id, [shard, size, bytes.length]);
    parts.push(bytes);
    size += bytes.length;
    if (size >= THUMBNAIL_SHARD_BYTES) flush();
  }
  flush();
  if (missing) console.warn(`lookalike: ${missing} catalogue thumbnails missing from ${source}`);
  return where;
}
