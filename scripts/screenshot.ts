// `npx tsx scripts/screenshot.ts`: docs/popup.png, the README's screenshot. It uses the synthetic demo
// catalogue (drawn garments), so no catalogue or fixture image is ever copied into the repository.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { drawGarment, writeDemoCatalogue } from './demo-catalogue.ts';

const work = mkdtempSync(join(tmpdir(), 'lookalike-shot-'));
const out = resolve('docs/popup.png');
try {
  await writeDemoCatalogue(join(work, 'catalogue'));
  const run = (args: string[], env: Record<string, string> = {}) =>
    execFileSync('npx', args, { stdio: 'inherit', env: { ...process.env, ...env } });
  run(['tsx', 'scripts/catalogue.ts', '--source', join(work, 'catalogue'), '--out', join(work, 'pack')]);
  run(['vite', 'build', '--outDir', join(work, 'dist'), '--logLevel', 'warn'], {
    LOOKALIKE_CATALOGUE: join(work, 'catalogue'),
    LOOKALIKE_PACK: join(work, 'pack'),
  });
  process.env.LOOKALIKE_DIST = join(work, 'dist');
  const { findSimilar, launchExtension, openPopup, searchResult, serveShop } = await import('./lib/chromium.ts');
  const query = await drawGarment('T-shirt', 'Red', 480, 600, '#e8dcc8');
  const shop = await serveShop({ '/query.jpg': { type: 'image/jpeg', body: query } });
  const ext = await launchExtension();
  try {
    const page = await ext.context.newPage();
    await page.goto(`${shop.url}/page?img=/query.jpg`);
    const since = Date.now();
    await findSimilar(ext, page, '#img0');
    await searchResult(ext, since);
    const popup = await openPopup(ext);
    await popup.setViewportSize({ width: 440, height: 600 });
    await popup.waitForSelector('[data-item-id]');
    await popup.waitForFunction(() => [...document.images].every((img) => img.complete));
    mkdirSync(resolve('docs'), { recursive: true });
    await popup.screenshot({ path: out });
    console.log(`screenshot: wrote ${out}`);
  } finally {
    await ext.close();
    await shop.close();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
