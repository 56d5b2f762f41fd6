// Debian's Chromium with the built extension loaded, and a local demo shop: for e2e tests, bench and npm start.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';
import { SEARCH_STATE_KEY, type SearchState } from '../../src/lib/protocol.ts';

export const DIST = resolve(process.env.LOOKALIKE_DIST ?? 'dist');
export const SHARED = resolve(process.env.LOOKALIKE_SHARED ?? '../shared');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Extension {
  context: BrowserContext;
  worker: Worker;
  id: string;
  close(): Promise<void>;
}

/**
 * A fresh profile each launch, or `profile` (kept on close) to relaunch the same browser profile;
 * the built extension in DIST, or in `dist`.
 */
export async function launchExtension(options: { headless?: boolean; profile?: string; dist?: string; args?: string[] } = {}): Promise<Extension> {
  const dist = options.dist ?? DIST;
  const profile = options.profile ?? mkdtempSync(join(tmpdir(), 'lookalike-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: options.headless ?? true,
    viewport: null,
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [
      `--disable-extensions-except=${dist}`,
      `--load-extension=${dist}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(options.args ?? []),
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  return {
    context,
    worker,
    id: new URL(worker.url()).host,
    async close() {
      await context.close();
      if (!options.profile) rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The newest handle to the extension's worker. Playwright keeps the handle of a stopped worker
 * (no close event) and its evaluate never answers, so after a restart the last one is the live one.
 */
export async function currentWorker(ext: Extension): Promise<Worker> {
  return ext.context.serviceWorkers().filter((w) => w.url().startsWith(`chrome-extension://${ext.id}/`)).at(-1) ?? ext.worker;
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

export interface Shop {
  url: string;
  port: number;
  /** Every path the server was asked for, in order. */
  requests: string[];
  close(): Promise<void>;
}

const TINY_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAoAAAAKCAIAAAACUFjqAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAFElEQVQYlWP4z8CABzGMSjNgCQMAt8pjnanKDKUAAAAASUVORK5CYII=';
const TYPES: Record<string, string> = { '.jpg': 'image/jpeg', '.png': 'image/png', '.html': 'text/html' };

/**
 * Serves /shared/... from ../shared (read-only), /page?img=A&img=B as a shop page showing those
 * images, /html?body=HTML as a page of that markup, / as the demo shop, and any extra `files`
 * or `routes` by path.
 */
export async function serveShop(
  files: Record<string, { type: string; body: Buffer }> = {},
  routes: Record<string, RequestListener> = {},
): Promise<Shop> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push(url.pathname + url.search);
    const route = routes[url.pathname];
    if (route) return void route(req, res);
    const file = files[url.pathname];
    if (file) {
      res.writeHead(200, { 'content-type': file.type });
      res.end(file.body);
      return;
    }
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(demoPage());
      return;
    }
    if (url.pathname === '/html') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<!doctype html><meta charset="utf-8"><body style="margin:20px">${url.searchParams.get('body') ?? ''}</body>`);
      return;
    }
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
    port,
    requests,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        // Slow-route tests leave requests hanging; end them.
        server.closeAllConnections();
      }),
  };
}

/** A demo shop: the query photos and some catalogue items, as <img>, srcset and CSS background. */
function demoPage(): string {
  let ids: string[] = [];
  try {
    ids = JSON.parse(readFileSync(join(DIST, 'catalogue/ids.json'), 'utf8'));
  } catch {
    // Not built yet: the page still shows the query photos.
  }
  const catalogue = ids.filter((_, i) => i % Math.max(1, Math.floor(ids.length / 6)) === 7).slice(0, 6);
  const tile = (inner: string, caption: string) => `<figure>${inner}<figcaption>${caption}</figcaption></figure>`;
  const photo = (name: string) => `/shared/fixtures/queries/${name}.jpg`;
  return `<!doctype html><meta charset="utf-8"><title>Lookalike demo shop</title>
<style>body{font:15px system-ui;margin:24px}main{display:flex;flex-wrap:wrap;gap:16px}figure{margin:0;width:220px}
img,.bg{width:220px;height:260px;object-fit:contain;background:#f5f5f5;border-radius:8px}.bg{background-size:contain;background-repeat:no-repeat;background-position:center}
figcaption{padding:4px 0;color:#555}</style>
<h1>Lookalike demo shop</h1><p>Right-click any product photo and choose <b>Find similar</b>.</p><main>
${tile(`<img src="${photo('tshirt')}" alt="">`, 'T-shirt (plain img)')}
${tile(`<img src="${photo('checkshirt')}" srcset="${photo('checkshirt')} 800w, ${photo('checkshirt')} 400w" sizes="220px" alt="">`, 'Check shirt (srcset)')}
${tile(`<div class="bg" style="background-image:url('${photo('watch')}')"></div>`, 'Watch (CSS background)')}
${catalogue.map((id) => tile(`<img src="/shared/catalogue/myntra-small/images/${id}.jpg" alt="">`, `Catalogue item ${id}`)).join('\n')}
</main>`;
}

/**
 * Waits until a search started at or after `since` (ms epoch) has finished, and returns how it
 * ended. Listens for the change inside the worker instead of polling it: polling over CDP costs
 * CPU on both cores while the model runs, and skewed the benchmark's timings. A slow poll backs
 * the listener up, for a worker stopped while it listens.
 */
export async function searchResult(ext: Extension, since: number, timeoutMs = 120_000): Promise<SearchState> {
  const deadline = Date.now() + timeoutMs;
  const finished = (state: SearchState | undefined): state is SearchState =>
    Boolean(state && (state.stage === 'done' || state.stage === 'error') && state.startedAt >= since);
  for (;;) {
    const worker = await currentWorker(ext);
    const state = (await worker.evaluate(waitForSearchEnd(since, SEARCH_STATE_KEY, 1000)).catch(() => undefined)) as SearchState | undefined;
    if (finished(state)) return state;
    if (Date.now() > deadline) throw new Error(`search still at ${(state as SearchState | undefined)?.stage ?? "nothing"} after ${timeoutMs} ms`);
  }
}

/**
 * Worker-side code (as source: tsx's helpers do not exist in the browser) that resolves with the
 * search state once a search started at or after `since` has ended, or after `waitMs` regardless.
 */
function waitForSearchEnd(since: number, key: string, waitMs: number): string {
  return `new Promise((resolve) => {
    const done = (s) => s && (s.stage === 'done' || s.stage === 'error') && s.startedAt >= ${since};
    let timer;
    const listener = (changes, area) => {
      const s = changes[${JSON.stringify(key)}] && changes[${JSON.stringify(key)}].newValue;
      if (area === 'session' && done(s)) finish(s);
    };
    const finish = (s) => {
      chrome.storage.onChanged.removeListener(listener);
      clearTimeout(timer);
      resolve(s);
    };
    chrome.storage.onChanged.addListener(listener);
    timer = setTimeout(() => chrome.storage.session.get(${JSON.stringify(key)}).then((v) => finish(v[${JSON.stringify(key)}])), ${waitMs});
    chrome.storage.session.get(${JSON.stringify(key)}).then((v) => { if (done(v[${JSON.stringify(key)}])) finish(v[${JSON.stringify(key)}]); });
  })`;
}

/**
 * Right-clicks the element (so the content script sees it) and dispatches the menu click in the
 * worker with the real tab, so the extension's own listener runs.
 */
export async function findSimilar(ext: Extension, page: Page, selector: string, tabChanges: Record<string, unknown> = {}): Promise<void> {
  const element = page.locator(selector);
  await element.click({ button: 'right' });
  const srcUrl = await element.evaluate((el) => (el as HTMLImageElement).currentSrc || (el as HTMLImageElement).src || '');
  const worker = await currentWorker(ext);
  const dispatched = worker.evaluate(
    async ({ srcUrl, pageUrl, tabChanges }) => {
      const [tab] = await chrome.tabs.query({ url: pageUrl.split('#')[0] });
      const info = { menuItemId: 'find-similar', srcUrl, pageUrl, frameId: 0, editable: false };
      (chrome.contextMenus.onClicked as unknown as { dispatch(i: unknown, t: unknown): void }).dispatch(info, { ...tab, ...tabChanges });
    },
    { srcUrl, pageUrl: page.url(), tabChanges },
  );
  // A hang here means a stale worker handle: fail in seconds, saying so, not at the test timeout.
  await withTimeout(dispatched, 15_000, 'the service worker did not take the Find similar click');
}

export async function openPopup(ext: Extension): Promise<Page> {
  const popup = await ext.context.newPage();
  await popup.goto(`chrome-extension://${ext.id}/src/popup/index.html`);
  return popup;
}
