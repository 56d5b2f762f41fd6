// What the generated model is; written by scripts/model.ts, checked against every catalogue pack.
import type { Pooling } from './pooling.ts';

export type { Pooling };
export type WeightDtype = 'float16' | 'float32';

export interface ModelInfo {
  id: string;
  source: string;
  pooling: Pooling;
  dtype: WeightDtype;
  top: boolean;
  inputSize: number;
  /** Length of the features (the pooled map, src/lib/pooling.ts; or the top's class scores). */
  dims: number;
  /** The model outputs its last 7x7x2048 map, which the embedders pool (src/lib/pooling.ts); false with the top kept. */
  outputsMap: boolean;
  /**
   * Batch norms folded into the convolutions (in float32) and ReLUs fused, at build time. Faster,
   * and exact: stored as float16 *unfolded*, tiny moving variances lost precision and real
   * photos' features fell to cosine 0.90-0.97 of the float32 model's; folded first, they match it
   * (1.0000, tests/unit/fold-batchnorm.test.ts).
   */
  batchNormFolded: boolean;
}

/** "-bnfold" marks the exact float16 model: packs made with the earlier, unfolded one are refused. */
export function modelId(o: { pooling: Pooling; dtype: WeightDtype; top: boolean }): string {
  const base = o.top ? `resnet50-imagenet-top-${o.dtype}` : `resnet50-imagenet-${o.pooling}pool-${o.dtype}`;
  return `${base}-bnfold`;
}
