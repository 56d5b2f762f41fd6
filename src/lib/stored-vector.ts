// A query vector as history keeps it: float16 in base64 (480 bytes for 240 dims), tagged with
// the recipe that made it, so a vector from another model or head is never ranked against the pack.
import { decodeFloat16, encodeFloat16 } from './float16.ts';
import type { PackRecipe } from './pack.ts';

export interface StoredVector {
  recipe: string;
  float16: string;
}

export function recipeKey(recipe: PackRecipe): string {
  return [recipe.modelId, recipe.preprocessId, recipe.headId, recipe.dims].join('|');
}

export function storeVector(vector: Float32Array, recipe: PackRecipe): StoredVector {
  const bytes = new Uint8Array(encodeFloat16(vector).buffer);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return { recipe: recipeKey(recipe), float16: btoa(binary) };
}

/** The vector, or undefined when it was made by another recipe (the caller embeds again). */
export function loadVector(stored: StoredVector | undefined, recipe: PackRecipe): Float32Array | undefined {
  if (!stored || stored.recipe !== recipeKey(recipe)) return undefined;
  const bytes = Uint8Array.from(atob(stored.float16), (c) => c.charCodeAt(0));
  if (bytes.length !== recipe.dims * 2) return undefined;
  return decodeFloat16(new Uint16Array(bytes.buffer));
}

export function isStoredVector(value: unknown): value is StoredVector {
  const v = value as StoredVector;
  return typeof v === 'object' && v !== null && typeof v.recipe === 'string' && typeof v.float16 === 'string';
}
