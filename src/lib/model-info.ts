// What the generated model is; written by scripts/model.ts, checked against every catalogue pack.

export type Pooling = 'max' | 'avg';
export type WeightDtype = 'float16' | 'float32';

export interface ModelInfo {
  id: string;
  source: string;
  pooling: Pooling;
  dtype: WeightDtype;
  top: boolean;
  inputSize: number;
  /** Length of the model's output vector. */
  dims: number;
}

export function modelId(o: { pooling: Pooling; dtype: WeightDtype; top: boolean }): string {
  return o.top ? `resnet50-imagenet-top-${o.dtype}` : `resnet50-imagenet-${o.pooling}pool-${o.dtype}`;
}
