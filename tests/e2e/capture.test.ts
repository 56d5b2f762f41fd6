// Works on any shopping page: every capture case on a local fixture page, in real Chromium.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchState } from '../../src/lib/protocol.ts';
import { type Extension, findSimilar, launchExtension, type Shop, searchResult, serveShop } from '../../scripts/lib/chromium.ts';
import { CAPTURE_CASES, images, type Served } from './fixtures.ts';

let ext: Extension;
let shop: Shop;
/** Another origin (another port): a CDN that neither allows hotlinking nor sends CORS headers. */
let cdn: Shop;
let page: Page;
let served: Served;

/** 403 unless the request comes from a page of the shop (hotlink protection, as CDNs do). */
function hotlinked(req: IncomingMessage, res: ServerResponse) {
  const referer = req.headers.referer ?? '';
  if (!referer.startsWith(`${shop.url}/`)) return void res.writeHead(403).end('hotlinking not allowed');
  res.writeHead(200, { 'content-type': 'image/jpeg' });
  res.end(served['/img/tshirt.jpg'].body);
}

beforeAll(async () => {
  served = await images();
  shop = await serveShop(served, { '/img/hotlink.jpg': hotlinked });
  cdn = await serveShop({}, { '/img/hotlink.jpg': hotlinked });
  ext = await launchExtension();
  page = await ext.context.newPage();
});

afterAll(async () => {
  await ext?.close();
  await shop?.close();
  await cdn?.close();
});

async function searchAt(url: string, selector: string): Promise<SearchState> {
  await page.goto(url);
  await page.waitForLoadState('networkidle');
  const since = Date.now();
  await findSimilar(ext, page, selector);
  return searchResult(ext, since);
}

/** A page of the shop made of this HTML. */
function htmlPage(html: string): string {
  return `${shop.url}/html?body=${encodeURIComponent(html)}`;
}

async function topIds(html: string): Promise<string[]> {
  const state = await searchAt(htmlPage(html), '#t');
  expect(state.error).toBeUndefined();
  const history = await ext.worker.evaluate(() => chrome.storage.local.get('history'));
  const entry = (history.history as { entries: { id: string; results: { id: string }[] }[] }).entries.find((e) => e.id === state.historyId);
  return entry?.results.map((r) => r.id) ?? [];
}

describe('capture: the right image on real page structures', () => {
  for (const c of CAPTURE_CASES) {
    it(c.name, async () => {
      const state = await searchAt(htmlPage(c.html), c.click);
      expect(state.error?.message).toBeUndefined();
      expect(state.stage).toBe('done');
      expect(state.srcUrl).toMatch(c.expectSrc);
    });
  }
});

describe('the menu item', () => {
  it('is offered over elements that hide an image, and hidden where there is none', async () => {
    // Record the worker's menu updates (the real ones still run).
    await ext.worker.evaluate(() => {
      const scope = self as unknown as { menuUpdates: unknown[] };
      scope.menuUpdates = [];
      const update = chrome.contextMenus.update.bind(chrome.contextMenus);
      chrome.contextMenus.update = ((id: string, props: unknown, ...rest: unknown[]) => {
        scope.menuUpdates.push(props);
        return (update as (...a: unknown[]) => unknown)(id, props, ...rest);
      }) as typeof chrome.contextMenus.update;
    });
    const lastUpdate = () => ext.worker.evaluate(() => (self as unknown as { menuUpdates: unknown[] }).menuUpdates.at(-1));
    const overlay = CAPTURE_CASES.find((c) => c.name.includes('overlay'))?.html;
    await page.goto(htmlPage(`<p id="text">Free delivery on all orders</p>${overlay}`));
    await page.locator('#text').click({ button: 'right' });
    await expect.poll(lastUpdate).toEqual({ visible: false });
    await page.locator('#t').click({ button: 'right' });
    await expect.poll(lastUpdate).toEqual({ visible: true });
  });
});

describe('capture: formats', () => {
  it('composites a transparent PNG on white, like the same photo on a white JPEG', async () => {
    const png = await topIds('<img id="t" src="/img/tshirt-transparent.png">');
    const jpeg = await topIds('<img id="t" src="/img/tshirt-white.jpg">');
    // The same neighbourhood; JPEG artefacts may swap near-ties among 42,653 items.
    expectSameNeighbourhood(png, jpeg);
  });

  it('turns an EXIF-rotated JPEG upright before searching', async () => {
    const rotated = await topIds('<img id="t" src="/img/tshirt-exif.jpg">');
    const upright = await topIds('<img id="t" src="/img/tshirt.jpg">');
    expectSameNeighbourhood(rotated, upright);
  });
});

/** Each list's best item is in the other's top 3, and their top 5s share at least 3 items. */
function expectSameNeighbourhood(a: string[], b: string[]): void {
  expect(b.slice(0, 3)).toContain(a[0]);
  expect(a.slice(0, 3)).toContain(b[0]);
  expect(a.slice(0, 5).filter((id) => b.slice(0, 5).includes(id)).length).toBeGreaterThanOrEqual(3);
}

describe('capture: sites that refuse the download', () => {
  it('reads the pixels the page already shows when the site blocks hotlinking', async () => {
    const state = await searchAt(htmlPage('<img id="t" src="/img/hotlink.jpg">'), '#t');
    expect(state.error?.message).toBeUndefined();
    expect(state.srcUrl).toMatch(/hotlink\.jpg$/);
  });

  it('says so clearly when the image is on another site that also forbids reading it', async () => {
    const foreign = `${cdn.url}/img/hotlink.jpg`;
    const state = await searchAt(htmlPage(`<img id="t" src="${foreign}">`), '#t');
    expect(state.stage).toBe('error');
    expect(state.error?.message).toMatch(/answered 403.*does not let extensions read this image/);
  });
});
