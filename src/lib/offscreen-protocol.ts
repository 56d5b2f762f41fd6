// Messages between the service worker and the offscreen document that runs the model. They go
// over a MessageChannel port per request (structured clone, buffers transferred), not through
// runtime messaging, which would turn a 600 KB Float32Array into JSON.
import type { ModelInfo } from './model-info.ts';

export type OffscreenRequest =
  | { type: 'load'; info: ModelInfo }
  /** A preprocessed 224x224x3 caffe input (Float32Array buffer). */
  | { type: 'embed'; info: ModelInfo; input: ArrayBuffer };

export type OffscreenReply =
  | { type: 'progress'; fraction: number }
  | { type: 'ready'; threads: number }
  /** The L2-normalised features (Float32Array buffer), and the model's own time in the document. */
  | { type: 'vector'; vector: ArrayBuffer; modelMs: number }
  | { type: 'error'; message: string };

export const OFFSCREEN_PATH = 'src/offscreen/index.html';

export function isOffscreenRequest(value: unknown): value is OffscreenRequest {
  const type = (value as OffscreenRequest | null)?.type;
  return (type === 'load' || type === 'embed') && typeof (value as OffscreenRequest).info?.id === 'string';
}
