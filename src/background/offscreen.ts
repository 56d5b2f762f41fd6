// The model in an offscreen document (issue #4): the service worker has no Worker, so tfjs-wasm
// runs one thread there; the offscreen document runs its threaded build. This side creates the
// document once, and embeds through it with the same Embedder interface as a local model.
import type { Embedder } from '../lib/embedder.ts';
import type { ModelInfo } from '../lib/model-info.ts';
import { OFFSCREEN_PATH, type OffscreenReply, type OffscreenRequest } from '../lib/offscreen-protocol.ts';

/** The bits of the service-worker scope used here (the DOM lib has no WebWorker types). */
interface PageClient {
  url: string;
  postMessage(message: unknown, transfer: Transferable[]): void;
}
declare const self: { clients: { matchAll(options: { includeUncontrolled: boolean; type: 'window' }): Promise<PageClient[]> } };

let creating: Promise<void> | undefined;
let lastModelMs: number | undefined;

/** The model's own time for the last embed, inside the offscreen document (the rest is messaging). */
export function lastOffscreenModelMs(): number | undefined {
  return lastModelMs;
}

/** Whether this browser can host the model offscreen (Chrome 109+); otherwise it runs in the worker. */
export function canUseOffscreen(): boolean {
  return typeof chrome !== 'undefined' && typeof chrome.offscreen?.createDocument === 'function';
}

/** Loads the model in the offscreen document (reporting download progress) and returns an embedder using it. */
export async function offscreenEmbedder(info: ModelInfo, onProgress: (fraction: number) => void): Promise<Embedder & { threads: number }> {
  const ready = await ask({ type: 'load', info }, onProgress);
  if (ready.type !== 'ready') throw new Error('the offscreen model did not load');
  return {
    info,
    threads: ready.threads,
    async embed(input) {
      // Transferred, not copied: the caller is done with its input once it is embedded.
      const buffer = input.byteOffset === 0 && input.byteLength === input.buffer.byteLength ? input.buffer : input.slice().buffer;
      // Progress too: a document that closed itself when idle loads the model again for this request.
      const reply = await ask({ type: 'embed', info, input: buffer as ArrayBuffer }, onProgress, [buffer as ArrayBuffer]);
      if (reply.type !== 'vector') throw new Error('the offscreen model gave no vector');
      lastModelMs = reply.modelMs;
      return new Float32Array(reply.vector);
    },
    // The document outlives worker restarts, so the next worker life finds the model warm.
    dispose: () => undefined,
  };
}

/** A document that never answers (closed or crashed mid-request) fails the request instead of hanging it. */
const TIMEOUT_MS = { load: 120_000, embed: 30_000 } as const;

/** Sends one request with its own reply port; resolves with the final reply, rejects on an error reply or silence. */
async function ask(request: OffscreenRequest, onProgress: (fraction: number) => void, transfer: Transferable[] = []): Promise<OffscreenReply> {
  const client = await offscreenClient();
  const channel = new MessageChannel();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      channel.port1.close();
      reject(new Error(`the offscreen model did not answer within ${TIMEOUT_MS[request.type] / 1000} s`));
    }, TIMEOUT_MS[request.type]);
    channel.port1.onmessage = ({ data }: MessageEvent<OffscreenReply>) => {
      if (data.type === 'progress') return onProgress(data.fraction);
      clearTimeout(timer);
      channel.port1.close();
      if (data.type === 'error') reject(new Error(data.message));
      else resolve(data);
    };
    client.postMessage(request, [channel.port2, ...transfer]);
  });
}

async function offscreenClient(): Promise<PageClient> {
  const url = chrome.runtime.getURL(OFFSCREEN_PATH);
  const find = async () => (await self.clients.matchAll({ includeUncontrolled: true, type: 'window' })).find((c) => c.url === url);
  let client = await find();
  if (client) return client;
  creating ??= chrome.offscreen
    .createDocument({ url: OFFSCREEN_PATH, reasons: [chrome.offscreen.Reason.WORKERS], justification: 'Runs the image model with WASM threads.' })
    .catch((error: Error) => {
      // Another worker life may have created it meanwhile.
      if (!/single offscreen/i.test(error.message)) throw error;
    })
    .finally(() => {
      creating = undefined;
    });
  await creating;
  client = await find();
  if (!client) throw new Error('the offscreen document did not start');
  return client;
}
