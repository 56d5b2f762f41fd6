// Vite plugin: lets tfjs-wasm's threaded build start its workers in an extension page. tfjs makes
// the pthread worker and its main script from Blobs (blob: URLs), which MV3's extension CSP
// (script-src 'self') forbids. Here they become real files in wasm/, and tfjs takes their URLs from
// globalThis.LOOKALIKE_WASM_THREADS when that is set (src/offscreen/embedder.ts), else works as before.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';

export const THREAD_FILES = { worker: 'tfjs-backend-wasm-threaded-simd.worker.js', main: 'tfjs-backend-wasm-threaded-simd.js' } as const;

/** Each pattern must be found exactly once: a tfjs upgrade that moves them fails the build, not the extension. */
const PATCHES: [from: string, to: string][] = [
  ['return URL.createObjectURL(blob);', 'return globalThis.LOOKALIKE_WASM_THREADS?.worker ?? URL.createObjectURL(blob);'],
  ['factoryConfig.mainScriptUrlOrBlob = new Blob(', 'factoryConfig.mainScriptUrlOrBlob = globalThis.LOOKALIKE_WASM_THREADS?.main ?? new Blob('],
];
/**
 * Emscripten's glue starts a pool of 8 pthread workers whatever the thread count; more start on
 * demand. The page asks for the few it uses (each costs start-up time and memory on a cold start).
 */
const POOL_PATCH: [from: string, to: string] = ['var pthreadPoolSize=8;', 'var pthreadPoolSize=globalThis.LOOKALIKE_WASM_THREADS?.poolSize ?? 8;'];

export function wasmThreads(): Plugin {
  return {
    name: 'lookalike-wasm-threads',
    apply: 'build',
    transform(code, id) {
      if (!id.includes('tfjs-backend-wasm')) return undefined;
      const patches = code.includes('factoryConfig.mainScriptUrlOrBlob') ? PATCHES : code.includes('pthreadPoolSize') ? [POOL_PATCH] : [];
      if (patches.length === 0) return undefined;
      let patched = code;
      for (const [from, to] of patches) {
        const count = patched.split(from).length - 1;
        if (count !== 1) this.error(`tfjs-backend-wasm: expected "${from}" once in ${id}, found ${count}`);
        patched = patched.replace(from, to);
      }
      return { code: patched, map: null };
    },
    writeBundle(output) {
      const dir = join(output.dir as string, 'wasm');
      mkdirSync(dir, { recursive: true });
      const require = createRequire(import.meta.url);
      const wasmOut = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js'));
      const { wasmWorkerContents } = require(join(wasmOut, THREAD_FILES.worker)) as { wasmWorkerContents: string };
      // As tfjs does before making its Blob: the source holds raw newlines inside string literals.
      writeFileSync(join(dir, THREAD_FILES.worker), wasmWorkerContents.replace(/\n/g, '\\n'));
      copyFileSync(join(wasmOut, THREAD_FILES.main), join(dir, THREAD_FILES.main));
    },
  };
}
