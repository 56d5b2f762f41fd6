// e2e harness: Debian's Chromium with the built extension loaded, and a local shop page server.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';

export const DIST = resolve('dist');
export const SHARED = resolve(process.env.LOOKALIKE_SHARED ?? '../shared');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Extension {
  context: BrowserContext;
  worker: Worker;
  id: string;
  close(): Promise<void>;
}

export async function launchExtension(): Promise<Extension> {
  const profile = mkdtempSync(join(tmpdir(), 'lookalike-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [
      `--disable-extensions-except=${DIST}`,
      `--load-extension=${DIST}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  return {
    context,
    worker,
    id: new URL(worker.url()).host,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The extension's service worker (Playwright keeps one handle across restarts). */
export async function currentWorker(ext: Extension): Promise<Worker> {
  return ext.context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${ext.id}/`)) ?? ext.worker;
}

/**
 * Stops the extension's service worker as the browser does when it idles, then wakes a new one
 * with a message from an extension page. Returns once a new worker life answers.
 */
export async function restartWorker(ext: Extension): Promise<void> {
  const worker = await currentWorker(ext);
  const life = () => worker.evaluate(() => performance.timeOrigin);
  const before = await life();
  const page = await ext.context.newPage();
  await page.goto(`chrome-extension://${ext.id}/src/popup/index.html`);
  const cdp = await ext.context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await page.evaluate(() => chrome.runtime.sendMessage({ type: 'wake-up' }).catch(() => undefined));
  const after = await withTimeout(life(), 10_000, 'no new service worker started');
  await page.close();
  if (after === before) throw new Error('the service worker was not restarted');
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(what)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** What the extension has stored, read from inside the worker. */
export async function storage(ext: Extension, area: 'local' | 'session'): Promise<Record<string, unknown>> {
  const worker = await currentWorker(ext);
  return worker.evaluate((a) => chrome.storage[a].get(null), area);
}

const TINY_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAoAAAAKCAIAAAACUFjqAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAFElEQVQYlWP4z8CABzGMSjNgCQMAt8pjnanKDKUAAAAASUVORK5CYII=';
const TYPES: Record<string, string> = { '.jpg': 'image/jpeg', '.png': 'image/png', '.html': 'text/html' };

/**
 * Serves /shared/... from ../shared (read-only) and /page?img=A&img=B as a shop page showing
 * those images. Returns the base URL.
 */
export async function serveShop(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/page') {
      const imgs = url.searchParams.getAll('img').map((src, i) => `<img id="img${i}" src="${src}" width="240">`);
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<!doctype html><title>Demo shop</title><h1>Demo shop</h1>${imgs.join('\n')}`);
      return;
    }
    if (url.pathname === '/tiny.png') {
      // A 10x10 red PNG: too small to search.
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(Buffer.from(TINY_PNG, 'base64'));
      return;
    }
    if (url.pathname.startsWith('/shared/')) {
      const file = join(SHARED, decodeURIComponent(url.pathname.slice('/shared/'.length)));
      if (!file.startsWith(SHARED)) return void res.writeHead(403).end();
      try {
        const body = readFileSync(file);
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
        res.end(body);
      } catch {
        res.writeHead(404).end('not found');
      }
      return;
    }
    res.writeHead(404).end('not found');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/**
 * Right-clicks the element (so the content script sees it) and dispatches the menu click in the
 * worker with the real tab, so the extension's own listener runs.
 */
export async function findSimilar(ext: Extension, page: Page, selector: string): Promise<void> {
  const element = page.locator(selector);
  await element.click({ button: 'right' });
  const srcUrl = await element.evaluate((el) => (el as HTMLImageElement).currentSrc || (el as HTMLImageElement).src || '');
  const worker = await currentWorker(ext);
  await worker.evaluate(
    async ({ srcUrl, pageUrl }) => {
      const [tab] = await chrome.tabs.query({ url: pageUrl.split('#')[0] });
      const info = { menuItemId: 'find-similar', srcUrl, pageUrl, frameId: 0, editable: false };
      (chrome.contextMenus.onClicked as unknown as { dispatch(i: unknown, t: unknown): void }).dispatch(info, tab);
    },
    { srcUrl, pageUrl: page.url() },
  );
}

export async function openPopup(ext: Extension): Promise<Page> {
  const popup = await ext.context.newPage();
  await popup.goto(`chrome-extension://${ext.id}/src/popup/index.html`);
  return popup;
}
