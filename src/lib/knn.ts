// Brute-force k-nearest-neighbour search by cosine over unit vectors in one flat typed array.

export interface Neighbour {
  /** Row in the vector array. */
  index: number;
  /** Cosine similarity, -1..1. */
  score: number;
}

/**
 * The k rows of `vectors` (count x dims, unit length) closest to `query` (unit length), best
 * first. `accept`, when given, is asked inside the scan so rejected rows never take a slot.
 */
export function topK(
  vectors: Float32Array,
  dims: number,
  query: Float32Array,
  k: number,
  accept?: (index: number) => boolean,
): Neighbour[] {
  if (query.length !== dims) throw new Error(`query has ${query.length} dims, index has ${dims}`);
  const count = Math.floor(vectors.length / dims);
  if (k <= 0) return [];
  const best: Neighbour[] = [];
  for (let row = 0; row < count; row++) {
    if (accept && !accept(row)) continue;
    let score = 0;
    const base = row * dims;
    for (let d = 0; d < dims; d++) score += vectors[base + d] * query[d];
    if (best.length === k && score <= best[k - 1].score) continue;
    insertSorted(best, { index: row, score }, k);
  }
  return best;
}

function insertSorted(best: Neighbour[], item: Neighbour, k: number): void {
  let i = best.length;
  while (i > 0 && best[i - 1].score < item.score) i--;
  best.splice(i, 0, item);
  if (best.length > k) best.pop();
}
