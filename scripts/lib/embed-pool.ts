// Embeds many image files on all cores: one worker thread per core, each with its own model,
// with a progress bar and ETA. Used by the catalogue indexer and the evaluation harness.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { SingleBar } from 'cli-progress';
import type { EmbedJob, EmbedReply } from './embed-worker.ts';
import type { Engine } from './ort-embedder.ts';

export interface PoolOptions {
  modelDir: string;
  engine: Engine;
  label: string;
  workers?: number;
  onVector: (id: string, vector: Float32Array) => void;
  onError: (id: string, message: string) => void;
}

/** Images per second once every worker has its model: from the first image done to the last. */
export interface PoolRate {
  images: number;
  steadyPerSec: number;
}

export async function embedFiles(jobs: EmbedJob[], options: PoolOptions): Promise<PoolRate> {
  if (jobs.length === 0) return { images: 0, steadyPerSec: 0 };
  const bar = new SingleBar({
    format: `${options.label} [{bar}] {percentage}% | {value}/{total} | {rate} img/s | ETA {eta_formatted}`,
    etaBuffer: 200,
    noTTYOutput: true,
    notTTYSchedule: 15_000,
  });
  const started = Date.now();
  let finished = 0;
  let next = 0;
  let firstDone: number | undefined;
  let lastDone = 0;
  bar.start(jobs.length, 0, { rate: '-' });
  const count = Math.min(options.workers ?? availableParallelism(), jobs.length);
  const workers = Array.from({ length: count }, () => {
    const worker = tsWorker(new URL('./embed-worker.ts', import.meta.url), { modelDir: options.modelDir, engine: options.engine });
    return new Promise<void>((done, failed) => {
      const send = () => {
        if (next >= jobs.length) return void worker.terminate().then(() => done());
        worker.postMessage(jobs[next++]);
      };
      worker.on('message', (reply: EmbedReply) => {
        if ('vector' in reply) options.onVector(reply.id, reply.vector);
        if ('error' in reply) {
          options.onError(reply.id, reply.error);
          process.stderr.write(`\n${options.label}: skipped ${reply.id}: ${reply.error}\n`);
        }
        if (!('ready' in reply)) {
          finished++;
          firstDone ??= Date.now();
          lastDone = Date.now();
          bar.increment(1, { rate: (finished / Math.max((Date.now() - started) / 1000, 1)).toFixed(1) });
        }
        send();
      });
      worker.on('error', failed);
    });
  });
  await Promise.all(workers);
  bar.stop();
  const seconds = (lastDone - (firstDone ?? lastDone)) / 1000;
  return { images: finished, steadyPerSec: seconds > 0 ? (finished - 1) / seconds : 0 };
}

/** A worker thread running a .ts file: Node 20 workers do not inherit tsx's loader, so load it by API. */
function tsWorker(file: URL, data: unknown): Worker {
  const api = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(api)}).then((m) => m.tsImport(${JSON.stringify(file.href)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(code, { eval: true, workerData: data });
}
