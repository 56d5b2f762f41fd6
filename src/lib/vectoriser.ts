// Preprocessed image in, search query out: the model's features, through the learned head when
// there is one (its projection, and its type classifier on the features). The recipe names both,
// and packs made another way are refused.
import type { Embedder } from './embedder.ts';
import { featureTypeLogProbs, type Head, project } from './head.ts';
import type { PackRecipe } from './pack.ts';
import { PREPROCESS_ID } from './preprocess.ts';
import type { Query } from './rank.ts';

export const NO_HEAD = 'none';

export interface Vectoriser {
  readonly recipe: PackRecipe;
  /** The learned head, when the vectors go through one (its type classifier feeds the ranking). */
  readonly head?: Head;
  vectorise(input: Float32Array): Promise<Query>;
  dispose(): void;
}

export function vectoriser(embedder: Embedder, head?: Head): Vectoriser {
  return {
    head,
    recipe: {
      modelId: embedder.info.id,
      preprocessId: PREPROCESS_ID,
      headId: head?.info.id ?? NO_HEAD,
      dims: head?.info.dims ?? embedder.info.dims,
    },
    async vectorise(input) {
      return headQuery(await embedder.embed(input), head);
    },
    dispose: () => embedder.dispose(),
  };
}

/** The query for the model's unit features: projected, with the type log-probabilities read off the features. */
export function headQuery(features: Float32Array, head?: Head): Query {
  if (!head) return { vector: features };
  const vector = project(head, features);
  return { vector, typeLogProbs: featureTypeLogProbs(head, features, vector) };
}
