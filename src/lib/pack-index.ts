// The k-NN index for a pack's vector file, as the extension and the eval harness both build it:
// int8 packs are scanned in place by the WASM kernel, float packs are decoded once.
import { decodeVectors, int8Parts, type PackHeader } from './pack.ts';
import { floatIndex, int8Index, type SearchIndex } from './search-index.ts';

export async function indexForPack(header: PackHeader, vectorBytes: ArrayBuffer): Promise<SearchIndex> {
  if (header.dtype === 'int8') {
    const { codes, scales } = int8Parts(vectorBytes, header.count);
    return int8Index(codes, scales, header.dims);
  }
  return floatIndex(decodeVectors(header, vectorBytes), header.dims);
}
