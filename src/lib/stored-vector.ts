// A query as history keeps it: its vector (float16 in base64, 480 bytes for 240 dims) and, when
// the photo's features gave them, its article-type log-probabilities (float16, 274 bytes for 137
// types), tagged with the recipe that made them, so a query from another model or head is never
// ranked against the pack.
import { decodeFloat16, encodeFloat16 } from './float16.ts';
import type { PackRecipe } from './pack.ts';
import type { Query } from './rank.ts';

export interface StoredVector {
  recipe: string;
  float16: string;
  /** log p(type | photo) for each of the head's types, float16 in base64. */
  types?: string;
}

export function recipeKey(recipe: PackRecipe): string {
  return [recipe.modelId, recipe.preprocessId, recipe.headId, recipe.dims].join('|');
}

export function storeQuery(query: Query, recipe: PackRecipe): StoredVector {
  const stored: StoredVector = { recipe: recipeKey(recipe), float16: toBase64(query.vector) };
  if (query.typeLogProbs) stored.types = toBase64(query.typeLogProbs);
  return stored;
}

/** The query, or undefined when it was made by another recipe (the caller embeds again). */
export function loadQuery(stored: StoredVector | undefined, recipe: PackRecipe): Query | undefined {
  if (!stored || stored.recipe !== recipeKey(recipe)) return undefined;
  const vector = fromBase64(stored.float16);
  if (vector.length !== recipe.dims) return undefined;
  return stored.types ? { vector, typeLogProbs: fromBase64(stored.types) } : { vector };
}

export function isStoredVector(value: unknown): value is StoredVector {
  const v = value as StoredVector;
  return (
    typeof v === 'object' && v !== null && typeof v.recipe === 'string' && typeof v.float16 === 'string' && (v.types === undefined || typeof v.types === 'string')
  );
}

function toBase64(values: Float32Array): string {
  const bytes = new Uint8Array(encodeFloat16(values).buffer);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

function fromBase64(text: string): Float32Array {
  const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  return decodeFloat16(new Uint16Array(bytes.buffer, 0, bytes.length >> 1));
}
