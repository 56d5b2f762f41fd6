// `npm start`: opens Chromium with the built extension on a local demo shop, ready to right-click.
// Without a display (or with --demo) it runs one search itself and saves a screenshot of the popup.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findSimilar, launchExtension, openPopup, searchResult, serveShop } from './lib/chromium.ts';

const demo = process.argv.includes('--demo') || !process.env.DISPLAY;
const shop = await serveShop();
const ext = await launchExtension({ headless: demo });
const page = await ext.context.newPage();
await page.goto(shop.url);

if (demo) {
  console.log(`start: no display, so running a demo search on ${shop.url} in headless Chromium...`);
  const since = Date.now();
  await findSimilar(ext, page, 'figure:first-child img');
  const state = await searchResult(ext, since);
  const popup = await openPopup(ext);
  await popup.waitForSelector('[data-item-id], [role=alert]');
  const shot = join(tmpdir(), 'lookalike-popup.png');
  await popup.screenshot({ path: shot, fullPage: true });
  const cards = await popup.locator('[data-item-id]').allInnerTexts();
  console.log(cards.map((text, i) => `${String(i + 1).padStart(2)}. ${text.replace(/\n+/g, ' | ')}`).join('\n'));
  console.log(`start: ${state.stage} in ${state.timings?.totalMs ?? '?'} ms; popup screenshot saved to ${shot}`);
  await ext.close();
  await shop.close();
} else {
  console.log(`start: demo shop at ${shop.url}; right-click a photo and pick "Find similar". Close the browser to stop.`);
  await new Promise<void>((done) => ext.context.on('close', () => done()));
  await shop.close();
}
