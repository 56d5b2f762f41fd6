// `npm run bench [-- --json] [-- --runs N]`: search speed and size of the built extension, in Chromium.
// Medians over N runs (default 12); run `npm run build` first.
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { DIST, type Extension, findSimilar, launchExtension, restartWorker, searchResult, serveShop } from './lib/chromium.ts';

const { values: args } = parseArgs({
  options: { json: { type: 'boolean', default: false }, runs: { type: 'string', default: '12' } },
});
const runs = Math.max(10, Number(args.runs));

const shop = await serveShop();
const ext = await launchExtension();
try {
  const page = await ext.context.newPage();
  await page.goto(`${shop.url}/page?img=${encodeURIComponent('/shared/fixtures/queries/tshirt.jpg')}`);
  const search = async () => {
    const since = Date.now();
    await findSimilar(ext, page, '#img0');
    const state = await searchResult(ext, since);
    if (state.stage !== 'done' || !state.timings) throw new Error(`search failed: ${state.error?.message}`);
    return { ...state.timings, wallMs: Date.now() - since };
  };

  const cold: number[] = [];
  for (let i = 0; i < runs; i++) {
    await restartWorker(ext);
    cold.push((await search()).wallMs);
  }
  const warm = [];
  for (let i = 0; i < runs; i++) warm.push(await search());

  const result = {
    runs,
    embedMs: round(median(warm.map((t) => t.embedMs))),
    knnMs: round(median(warm.map((t) => t.knnMs)), 2),
    warmSearchMs: round(median(warm.map((t) => t.totalMs))),
    coldStartMs: round(median(cold)),
    packItems: await packItems(ext),
    modelMB: round(megabytes(join(DIST, 'model')), 1),
    packMB: round(megabytes(join(DIST, 'catalogue'), /^(vectors\.bin|ids\.json|pack\.json)$/), 1),
    modelVectorsMB: 0,
    extensionMB: round(megabytes(DIST), 1),
  };
  result.modelVectorsMB = round(result.modelMB + result.packMB, 1);
  if (args.json) console.log(JSON.stringify(result));
  else {
    console.log(`bench: medians of ${runs} runs in Chromium's service worker (tfjs WASM, 1 thread)`);
    console.log(`  warm embed          ${result.embedMs} ms`);
    console.log(`  k-NN                ${result.knnMs} ms over ${result.packItems} items`);
    console.log(`  warm search total   ${result.warmSearchMs} ms (click to results stored)`);
    console.log(`  cold start          ${result.coldStartMs} ms (stopped worker to results stored)`);
    console.log(`  model + vectors     ${result.modelVectorsMB} MB (model ${result.modelMB}, pack ${result.packMB}); extension ${result.extensionMB} MB`);
  }
} finally {
  await ext.close();
  await shop.close();
}

async function packItems(e: Extension): Promise<number> {
  const page = await e.context.newPage();
  await page.goto(`chrome-extension://${e.id}/catalogue/pack.json`);
  const header = JSON.parse(await page.locator('body').innerText());
  await page.close();
  return header.count;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function round(value: number, digits = 0): number {
  return Number(value.toFixed(digits));
}

/** Size of a file, or of the files under a folder whose names match `only`. */
function megabytes(path: string, only?: RegExp): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return only && !only.test(basename(path)) ? 0 : stat.size / 1e6;
  return readdirSync(path).reduce((sum, name) => sum + megabytes(join(path, name), only), 0);
}
