// Reading a learned head from disk, and applying it to every vector of a pack.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeHead, type Head, type HeadInfo, project } from '../../src/lib/head.ts';
import type { Pack } from '../../src/lib/pack.ts';

export function readHead(dir: string): Head {
  const info = JSON.parse(readFileSync(join(dir, 'head.json'), 'utf8')) as HeadInfo;
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
