// Reads a catalogue pack from disk, checked against the model in use.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelInfo } from '../../src/lib/model-info.ts';
import { decodePack, PACK_FILES, type Pack } from '../../src/lib/pack.ts';
import { PREPROCESS_ID } from '../../src/lib/preprocess.ts';

export function readPack(dir: string, model: ModelInfo): Pack {
  const read = (name: string) => readFileSync(join(dir, name));
  let header: unknown;
  try {
    header = JSON.parse(read(PACK_FILES.header).toString('utf8'));
  } catch {
    throw new Error(`no catalogue pack in ${dir}: run \`npm run catalogue\``);
  }
  const bytes = read(PACK_FILES.vectors);
  const vectors = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const ids = JSON.parse(read(PACK_FILES.ids).toString('utf8'));
  return decodePack(header as never, vectors, ids, { modelId: model.id, preprocessId: PREPROCESS_ID, dims: model.dims });
}
