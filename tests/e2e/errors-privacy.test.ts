// Bad input gets a specific error and nothing is lost; private searches stay private; nothing
// but the clicked image touches the network.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryData } from '../../src/lib/history.ts';
import type { SearchState } from '../../src/lib/protocol.ts';
import { currentWorker, DIST, type Extension, findSimilar, launchExtension, restartWorker, type Shop, searchResult, serveShop, storage } from '../../scripts/lib/chromium.ts';
import { images } from './fixtures.ts';

let ext: Extension;
let shop: Shop;
let page: Page;

const MB = 1024 * 1024;
const slowResponses: ServerResponse[] = [];

const routes = {
  /** Never answers: the fetch must give up on its own. */
  '/img/silent.jpg': (_req: IncomingMessage, res: ServerResponse) => void slowResponses.push(res),
  /** 30 MB of chunked bytes with no length announced: the read must stop at the cap. */
  '/img/huge.jpg': (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'image/jpeg' });
    for (let i = 0; i < 30; i++) res.write(Buffer.alloc(MB, 0xff));
    res.end();
  },
  '/img/server-error.jpg': (_req: IncomingMessage, res: ServerResponse) => void res.writeHead(503).end('busy'),
  /** Answers after 4 s, time enough to stop the worker mid-search. */
  '/img/slow.jpg': (_req: IncomingMessage, res: ServerResponse) => {
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'image/jpeg' });
      res.end(readFileSync(join('..', 'shared', 'fixtures', 'queries', 'tshirt.jpg')));
    }, 4000);
  },
};

/** A flat PNG of the given size: a few kilobytes on the wire, width x height x 4 bytes decoded. */
async function flatPng(width: number, height: number) {
  const body = await sharp({ create: { width, height, channels: 3, background: '#345' } }).png().toBuffer();
  return { type: 'image/png', body };
}

beforeAll(async () => {
  const extra = { '/img/bomb.png': await flatPng(12000, 9000), '/img/big.png': await flatPng(6000, 5000) };
  shop = await serveShop({ ...(await images()), ...extra }, routes);
  ext = await launchExtension();
  page = await ext.context.newPage();
});

afterAll(async () => {
  for (const res of slowResponses) res.destroy();
  await ext?.close();
  await shop?.close();
});

async function search(src: string, tabChanges: Record<string, unknown> = {}): Promise<SearchState> {
  // Not waiting for the page's load event: some of these images never finish loading.
  await page.goto(`${shop.url}/html?body=${encodeURIComponent(`<img id="t" src="${src}" width="200" height="200">`)}`, { waitUntil: 'domcontentloaded' });
  const since = Date.now();
  await findSimilar(ext, page, '#t', tabChanges);
  return searchResult(ext, since);
}

async function history(): Promise<HistoryData> {
  return (await storage(ext, 'local')).history as HistoryData;
}

describe('bad input', () => {
  it('reports a server error with its status, and offers a retry', async () => {
    const state = await search('/img/server-error.jpg');
    expect(state.error).toMatchObject({ code: 'http-status', retryable: true, message: expect.stringMatching(/answered 503/) });
  });

  it('gives up on a server that never answers, within the time limit', async () => {
    const started = Date.now();
    const state = await search('/img/silent.jpg');
    expect(state.error).toMatchObject({ code: 'timeout', message: expect.stringMatching(/within 15 seconds/) });
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('says corrupt bytes are not a readable image', async () => {
    const state = await search('/img/corrupt.jpg');
    expect(state.error).toMatchObject({ code: 'decode-failed', message: expect.stringMatching(/could not be read as an image/) });
  });

  it('stops reading a very large image at the cap', async () => {
    const state = await search('/img/huge.jpg');
    expect(state.error).toMatchObject({ code: 'too-large', message: expect.stringMatching(/larger than 25 MB/) });
  });

  it('refuses a decompression bomb before decoding it, naming the limit', async () => {
    const state = await search('/img/bomb.png');
    expect(state.error).toMatchObject({ code: 'too-large', message: expect.stringMatching(/12000x9000 pixels, more than the 100 megapixels/) });
  });

  it('scales a very large image down while decoding, and still searches it', async () => {
    const state = await search('/img/big.png');
    expect(state.error).toBeUndefined();
    expect(state.stage).toBe('done');
  });

  it('ends a search cut off by a worker restart as an error, leaving history whole', async () => {
    const done = await search('/img/tshirt.jpg');
    expect(done.stage).toBe('done');
    const before = await history();
    await page.goto(`${shop.url}/html?body=${encodeURIComponent('<img id="t" src="/img/slow.jpg" width="200" height="200">')}`, {
      waitUntil: 'domcontentloaded',
    });
    const since = Date.now();
    // The page's own load of the image is slow too; right-click at once.
    await findSimilar(ext, page, '#t');
    await new Promise((r) => setTimeout(r, 1000));
    await restartWorker(ext);
    const state = await searchResult(ext, since, 30_000);
    expect(state.error).toMatchObject({ code: 'interrupted', retryable: true });
    expect(await history()).toEqual(before);
  });
});

describe('privacy', () => {
  it('never writes searches from private windows to history', async () => {
    const before = await history();
    const state = await search('/img/tshirt.jpg', { incognito: true });
    expect(state.stage).toBe('done');
    expect(state.privateResult?.results).toHaveLength(12);
    expect(await history()).toEqual(before);
  });

  it('touches the network only to fetch the clicked image', async () => {
    await page.goto(`${shop.url}/html?body=${encodeURIComponent('<img id="t" src="/img/tshirt.webp" width="200">')}`);
    await page.waitForLoadState('networkidle');
    const seen: string[] = [];
    const record = (request: { url(): string }) => seen.push(request.url());
    ext.context.on('request', record);
    const served = shop.requests.length;
    const since = Date.now();
    await findSimilar(ext, page, '#t');
    const state = await searchResult(ext, since);
    ext.context.off('request', record);
    expect(state.stage).toBe('done');
    expect(shop.requests.slice(served)).toEqual(['/img/tshirt.webp']);
    expect(seen.filter((url) => !url.startsWith('chrome-extension://') && !url.startsWith(shop.url) && !url.startsWith('data:'))).toEqual([]);
  });

  it('is unreachable from web pages', async () => {
    await page.goto(`${shop.url}/html?body=hello`);
    expect(await page.evaluate(() => typeof (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime?.sendMessage)).toBe('undefined');
  });

  it('closes the offscreen model when idle, giving its memory back, and a later search starts it again', async () => {
    const worker = await currentWorker(ext);
    const closed = await worker.evaluate(`(async () => {
      const open = () => chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] });
      if ((await open()).length) await chrome.offscreen.closeDocument();
      // The same document with a 1.5 s idle time instead of 10 minutes.
      await chrome.offscreen.createDocument({ url: 'src/offscreen/index.html?idle-ms=1500', reasons: ['WORKERS'], justification: 'test' });
      const client = (await self.clients.matchAll({ includeUncontrolled: true, type: 'window' })).find((c) => c.url.includes('idle-ms'));
      const info = await (await fetch(chrome.runtime.getURL('model/model-info.json'))).json();
      await new Promise((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = (m) => m.data.type !== 'progress' && resolve(m.data);
        client.postMessage({ type: 'load', info }, [channel.port2]);
      });
      const openAfterLoad = (await open()).length;
      await new Promise((r) => setTimeout(r, 3000));
      return [openAfterLoad, (await open()).length];
    })()`);
    expect(closed).toEqual([1, 0]);
    // The worker still holds the model's handle; the search that follows loads it again, with progress.
    await (await currentWorker(ext)).evaluate(`(() => {
      self.progressSeen = [];
      chrome.storage.onChanged.addListener((c) => c.search && c.search.newValue && c.search.newValue.modelProgress !== undefined && self.progressSeen.push(c.search.newValue.modelProgress));
    })()`);
    const state = await search('/img/tshirt.jpg');
    expect(state.stage).toBe('done');
    expect(state.timings?.engine).toMatch(/^offscreen/);
    const seen = (await (await currentWorker(ext)).evaluate('self.progressSeen')) as number[];
    expect(seen.length).toBeGreaterThan(0);
  });

  it('asks for minimal permissions and keeps MV3 CSP without unsafe-eval', () => {
    const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8'));
    // unlimitedStorage: history keeps each search's photo (for crop and re-run), beyond 10 MB at the larger limits.
    // offscreen: the model runs in an offscreen document, where WASM threads are allowed.
    expect(manifest.permissions).toEqual(['contextMenus', 'storage', 'unlimitedStorage', 'offscreen']);
    expect(manifest.host_permissions).toEqual(['<all_urls>']);
    expect(manifest.content_security_policy.extension_pages).not.toContain("'unsafe-eval'");
    expect(manifest.web_accessible_resources ?? []).toEqual([]);
  });
});
