// Preprocessed image in, search vector out: the model's features, through the learned head when
// there is one. The recipe names both, and packs made another way are refused.
import type { Embedder } from './embedder.ts';
import { type Head, project } from './head.ts';
import type { PackRecipe } from './pack.ts';
import { PREPROCESS_ID } from './preprocess.ts';

export const NO_HEAD = 'none';

export interface Vectoriser {
  readonly recipe: PackRecipe;
  /** The learned head, when the vectors go through one (its type classifier feeds the ranking). */
  readonly head?: Head;
  vectorise(input: Float32Array): Promise<Float32Array>;
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
      const features = await embedder.embed(input);
      return head ? project(head, features) : features;
    },
    dispose: () => embedder.dispose(),
  };
}
