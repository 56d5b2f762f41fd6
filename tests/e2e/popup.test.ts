// The popup a shopper works with (issue #6), in real Chromium: crop, filters over the whole
// catalogue, "more like this", show more, history that lasts, settings and themes. Each state is
// screenshotted in light and dark into docs/screenshots/ and checked with axe-core. The extension
// here is built over the synthetic demo catalogue and the query is a drawn outfit, so the
// screenshots (committed, shown in the README) hold no catalogue or fixture image or name.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogueItems } from '../../src/lib/catalogue.ts';
import type { HistoryData, HistoryEntry } from '../../src/lib/history.ts';
import { SEARCH_STATE_KEY, type SearchState } from '../../src/lib/protocol.ts';
import { currentWorker, type Extension, findSimilar, launchExtension, openPopup, restartWorker, serveShop, searchResult, storage } from '../../scripts/lib/chromium.ts';
import { buildDemoExtension, drawOutfit } from '../../scripts/lib/demo-build.ts';
import { builtItems } from '../../scripts/lib/node-pack.ts';

const OUTFIT = '/img/outfit.jpg';
const AXE = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');

let ext: Extension;
let shop: Awaited<ReturnType<typeof serveShop>>;
let popup: Page;
let items: CatalogueItems;
let dist: string;
const work = mkdtempSync(join(tmpdir(), 'lookalike-demo-'));
const profile = join(work, 'profile');
// Into the docs only when asked (LOOKALIKE_SCREENSHOTS=docs/screenshots), so that `npm test`
// leaves the checkout clean: each run's pictures differ (the test server's port, "just now").
const SCREENSHOTS = process.env.LOOKALIKE_SCREENSHOTS ?? join(work, 'screenshots');

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  dist = await buildDemoExtension(work);
  items = builtItems(join(dist, 'catalogue'));
  shop = await serveShop({ [OUTFIT]: { type: 'image/jpeg', body: await drawOutfit() } });
  ext = await launchExtension({ profile, dist });
  popup = await openPopup(ext);
  // Chrome's popup size for this extension: the width the stylesheet sets, at most 600 tall.
  await popup.setViewportSize({ width: 460, height: 600 });
});

afterAll(async () => {
  await ext?.close();
  await shop?.close();
  rmSync(work, { recursive: true, force: true });
});

/** Screenshots the popup in both themes and fails on any serious or critical axe-core violation. */
async function capture(name: string) {
  await popup.evaluate(() => window.scrollTo(0, 0));
  for (const scheme of ['light', 'dark'] as const) {
    await popup.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    await popup.screenshot({ path: join(SCREENSHOTS, `${name}-${scheme}.png`) });
    const violations = await axe(popup);
    expect(violations, `${name} (${scheme})`).toEqual([]);
  }
  await popup.emulateMedia({ colorScheme: 'light' });
}

async function axe(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const run = (window as unknown as { axe: { run(o?: unknown): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return (await run.run()).violations;
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function search(src: string): Promise<SearchState> {
  const page = await ext.context.newPage();
  await page.goto(`${shop.url}/page?img=${encodeURIComponent(src)}`);
  const since = Date.now();
  await findSimilar(ext, page, '#img0');
  const state = await searchResult(ext, since);
  await page.close();
  return state;
}

async function entries(): Promise<HistoryEntry[]> {
  return ((await storage(ext, 'local')).history as HistoryData | undefined)?.entries ?? [];
}

async function cardIds(): Promise<string[]> {
  return popup.locator('[data-item-id]').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-item-id') ?? ''));
}

/** Waits until the shown cards differ from `before` (the worker stored the refined search). */
async function cardsChangedFrom(before: string[]): Promise<string[]> {
  await expect.poll(async () => (await cardIds()).join(), { timeout: 30_000 }).not.toBe(before.join());
  await popup.locator('.grid.busy').waitFor({ state: 'detached' });
  return cardIds();
}

const field = { type: 1, colour: 2, gender: 3 } as const;
const detail = (id: string, key: keyof typeof field) => items[id]?.[field[key]];

describe('popup', () => {
  it('says how to start when nothing was searched yet', async () => {
    await popup.getByText('Right-click any product photo').waitFor();
    await capture('empty');
  });

  it('shows what is happening on a cold start: model download progress, then results', async () => {
    await restartWorker(ext);
    await popup.evaluate(() => {
      const seen: { stage: string; modelProgress?: number }[] = [];
      (window as unknown as { seen: typeof seen }).seen = seen;
      chrome.storage.onChanged.addListener((changes) => changes.search?.newValue && seen.push(changes.search.newValue as (typeof seen)[number]));
    });
    const state = await search(OUTFIT);
    expect(state.stage).toBe('done');
    // The model ran in the offscreen document with WASM threads, not in the worker.
    expect(state.timings?.engine).toMatch(/^offscreen, \d+ threads?$/);
    const seen = await popup.evaluate(() => (window as unknown as { seen: { stage: string; modelProgress?: number }[] }).seen);
    const progress = seen.map((s) => s.modelProgress).filter((p) => p !== undefined) as number[];
    expect(progress.length).toBeGreaterThan(0);
    expect(Math.max(...progress)).toBeLessThanOrEqual(1);
    // Progress arrives while the model is still loading, before the search itself runs.
    const firstSearching = seen.findIndex((s) => s.stage === 'searching');
    expect(seen.findIndex((s) => s.modelProgress !== undefined)).toBeLessThan(firstSearching);
  });

  it('renders the loading state with progress and skeleton cards (stored state, as a real load is over in a second)', async () => {
    const worker = await currentWorker(ext);
    const saved = (await storage(ext, 'session'))[SEARCH_STATE_KEY] as SearchState;
    await worker.evaluate((s) => chrome.storage.session.set({ search: s }), { ...saved, stage: 'loading-model', modelProgress: 0.4 });
    await popup.locator('progress').waitFor();
    expect(await popup.locator('.skeleton .card').count()).toBe(12);
    expect(await popup.getByRole('status').first().innerText()).toContain('Loading the image model');
    await capture('loading');
    const gridTop = () => popup.locator('ol.grid').evaluate((grid) => grid.getBoundingClientRect().top + window.scrollY);
    const loadingTop = await gridTop();
    await worker.evaluate((s) => chrome.storage.session.set({ search: s }), saved);
    await popup.locator('[data-item-id]').first().waitFor();
    // No layout jump: the result cards start where the skeleton cards were.
    expect(await gridTop()).toBe(loadingTop);
  });

  it('shows result cards with name, type, colour, gender and similarity, and moves between them by keyboard', async () => {
    const ids = await cardIds();
    expect(ids).toHaveLength(12);
    const first = popup.locator('[data-item-id]').first();
    const label = (await first.getAttribute('aria-label')) ?? '';
    expect(label).toContain(items[ids[0]][0]);
    expect(label).toMatch(new RegExp(`${detail(ids[0], 'type')}.*\\d+% similar`));
    await first.focus();
    await popup.keyboard.press('ArrowRight');
    expect(await popup.evaluate(() => document.activeElement?.getAttribute('data-item-id'))).toBe(ids[1]);
    await popup.keyboard.press('ArrowDown');
    expect(await popup.evaluate(() => document.activeElement?.getAttribute('data-item-id'))).toBe(ids[4]);
    await capture('results');
  });

  it('filters by gender and type over the whole catalogue, with counts that match', async () => {
    const before = await cardIds();
    const women = Object.values(items).filter((row) => row[3] === 'Women').length;
    await expect(popup.locator('select[data-filter=genders] option[value=Women]').innerText()).resolves.toBe(`Women (${women})`);
    await popup.selectOption('select[data-filter=genders]', 'Women');
    const filtered = await cardsChangedFrom(before);
    // Twelve women's items, not the few among the first twelve: k-NN ran again with the filter.
    expect(filtered).toHaveLength(12);
    expect(filtered.every((id) => detail(id, 'gender') === 'Women')).toBe(true);
    expect(before.filter((id) => detail(id, 'gender') === 'Women').length).toBeLessThan(12);
    // The type counts now count women's items only; take the most common women's type.
    const type = await popup.locator('select[data-filter=articleTypes] option').nth(1).getAttribute('value') ?? '';
    const womensOfType = Object.values(items).filter((row) => row[3] === 'Women' && row[1] === type).length;
    expect(womensOfType).toBeGreaterThan(0);
    await expect(popup.locator(`select[data-filter=articleTypes] option[value="${type}"]`).innerText()).resolves.toBe(`${type} (${womensOfType})`);
    await popup.selectOption('select[data-filter=articleTypes]', type);
    const ofType = await cardsChangedFrom(filtered);
    expect(ofType).toHaveLength(Math.min(12, womensOfType));
    expect(ofType.every((id) => detail(id, 'gender') === 'Women' && detail(id, 'type') === type)).toBe(true);
    await popup.getByText(`The ${ofType.length} closest of ${womensOfType} matching items`).waitFor();
    expect((await entries())[0].filter).toEqual({ genders: ['Women'], articleTypes: [type] });
    await capture('filtered');
    await popup.selectOption('select[data-filter=articleTypes]', '');
    await popup.selectOption('select[data-filter=genders]', '');
    await expect.poll(async () => (await entries())[0].filter).toEqual({ genders: [], articleTypes: [] });
  });

  it('searches a dragged crop box, and a keyboard-made one, and goes back to the whole photo', async () => {
    await popup.locator('.grid.busy').waitFor({ state: 'detached' });
    const whole = await cardIds();
    await popup.evaluate(() => window.scrollTo(0, 0));
    const frame = await popup.locator('.crop-frame').boundingBox();
    if (!frame) throw new Error('no crop frame');
    // Drag from 10%,2% to 90%,48% of the photo: the T-shirt above the trousers.
    await popup.mouse.move(frame.x + frame.width * 0.1, frame.y + frame.height * 0.02);
    await popup.mouse.down();
    await popup.mouse.move(frame.x + frame.width * 0.5, frame.y + frame.height * 0.3, { steps: 4 });
    await popup.mouse.move(frame.x + frame.width * 0.9, frame.y + frame.height * 0.48, { steps: 4 });
    await popup.mouse.up();
    const shirt = await cardsChangedFrom(whole);
    const crop = (await entries())[0].crop;
    expect(crop?.x).toBeCloseTo(0.1, 1);
    expect(crop?.y).toBeCloseTo(0.02, 1);
    expect((crop?.y ?? 0) + (crop?.height ?? 0)).toBeCloseTo(0.48, 1);
    expect(detail(shirt[0], 'type')).toBe('Tshirts');
    // Back to the whole photo: the first search's results exactly.
    await popup.getByRole('button', { name: 'Search the whole photo' }).click();
    await expect.poll(async () => (await entries())[0].crop).toBeUndefined();
    await expect.poll(cardIds).toEqual(whole);
    // Keyboard: the first arrow makes a centred box; Shift+Up shrinks it to 40% tall, Down moves
    // it to the bottom (the trousers); Enter searches.
    await popup.locator('.crop-box').focus();
    await popup.keyboard.press('ArrowDown');
    for (let i = 0; i < 6; i++) await popup.keyboard.press('Shift+ArrowUp');
    for (let i = 0; i < 9; i++) await popup.keyboard.press('ArrowDown');
    await popup.keyboard.press('Enter');
    await expect
      .poll(async () => JSON.stringify((await entries())[0].crop, (_, v) => (typeof v === 'number' ? Number(v.toFixed(3)) : v)))
      .toBe('{"height":0.4,"width":0.7,"x":0.15,"y":0.6}');
    const trousers = await cardsChangedFrom(whole);
    expect(detail(trousers[0], 'type')).toBe('Trousers');
    await capture('crop');
  });

  it('shows more results, page by page, ranked as the first page was', async () => {
    const first = await cardIds();
    await popup.getByRole('button', { name: 'Show more' }).click();
    await expect.poll(async () => (await cardIds()).length, { timeout: 30_000 }).toBe(24);
    const { results } = (await entries())[0];
    expect(results).toHaveLength(24);
    expect(results.slice(0, first.length).map((r) => r.id)).toEqual(first);
  });

  it('searches more like a result, with that item first', async () => {
    const ids = await cardIds();
    const count = (await entries()).length;
    const since = Date.now();
    await popup.locator(`[data-item-id="${ids[1]}"] button.more`).click();
    const state = await searchResult(ext, since);
    expect(state.stage).toBe('done');
    const [latest] = await entries();
    expect(await entries()).toHaveLength(count + 1);
    expect(latest.likeItem).toBe(ids[1]);
    expect(latest.results[0]).toMatchObject({ id: ids[1] });
    expect(latest.results[0].score).toBeGreaterThan(0.99);
    await popup.getByText(`More like: ${items[ids[1]][0]}`).waitFor();
    await expect.poll(cardIds).toEqual(latest.results.map((r) => r.id));
  });

  it('lists history newest first, reopens stored results without searching, re-runs, deletes, clears with undo', async () => {
    await popup.getByRole('tab', { name: /History/ }).click();
    const stored = await entries();
    const rows = popup.locator('[data-history-id]');
    await expect.poll(() => rows.count()).toBe(stored.length);
    expect(await rows.first().getAttribute('data-history-id')).toBe(stored[0].id);
    await expect.poll(() => rows.nth(1).innerText()).toContain(`Top match: ${items[stored[1].results[0].id][0]}`);
    expect(await rows.nth(1).locator('a.site').getAttribute('href')).toBe(stored[1].pageUrl);
    await capture('history');
    // Reopen: the stored results at once, with no new search started.
    const searchBefore = (await storage(ext, 'session'))[SEARCH_STATE_KEY];
    await rows.nth(1).locator('button.open').click();
    await expect.poll(cardIds).toEqual(stored[1].results.map((r) => r.id));
    expect((await storage(ext, 'session'))[SEARCH_STATE_KEY]).toEqual(searchBefore);
    // Re-run: a new search of the kept photo with the same crop.
    await popup.getByRole('tab', { name: /History/ }).click();
    const since = Date.now();
    await rows.nth(1).getByRole('button', { name: 'Search again' }).click();
    expect((await searchResult(ext, since)).stage).toBe('done');
    const after = await entries();
    expect(after).toHaveLength(stored.length + 1);
    expect(after[0].crop).toEqual(stored[1].crop);
    expect(after[0].results.map((r) => r.id)).toEqual(stored[1].results.slice(0, 12).map((r) => r.id));
    // Delete one, then clear all and undo.
    await popup.getByRole('tab', { name: /History/ }).click();
    await rows.first().getByRole('button', { name: 'Delete this search' }).click();
    await expect.poll(async () => (await entries()).length).toBe(stored.length);
    await popup.getByRole('button', { name: 'Clear history' }).click();
    await popup.getByRole('button', { name: 'Delete all' }).click();
    await expect.poll(async () => (await entries()).length).toBe(0);
    await popup.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(async () => (await entries()).map((e) => e.id)).toEqual(stored.map((e) => e.id));
  });

  it('keeps history across a worker restart and a browser restart', async () => {
    const stored = await entries();
    await restartWorker(ext);
    expect(await entries()).toEqual(stored);
    await ext.close();
    ext = await launchExtension({ profile, dist });
    expect(await entries()).toEqual(stored);
    popup = await openPopup(ext);
    await popup.setViewportSize({ width: 460, height: 600 });
    await popup.getByRole('tab', { name: /History/ }).click();
    await expect.poll(() => popup.locator('[data-history-id]').count()).toBe(stored.length);
  });

  it('shows a history saved by the previous version (schema 1)', async () => {
    const stored = await entries();
    const v1 = { schema: 1, entries: stored.map(({ id, createdAt, pageUrl, srcUrl, thumbnail, results }) => ({ id, createdAt, pageUrl, srcUrl, thumbnail, results })) };
    const worker = await currentWorker(ext);
    await worker.evaluate((h) => chrome.storage.local.set({ history: h }), v1);
    await expect.poll(() => popup.locator('[data-history-id]').count()).toBe(stored.length);
    await popup.locator('[data-history-id] button.open').first().click();
    await expect.poll(cardIds).toEqual(stored[0].results.map((r) => r.id));
    // A v1 entry has no kept photo: it shows the thumbnail and no crop box.
    expect(await popup.locator('.crop-box').count()).toBe(0);
    await worker.evaluate((h) => chrome.storage.local.set({ history: h }), { schema: 2, entries: stored });
  });

  it('applies settings: results per page, history off, history limit, theme', async () => {
    await popup.getByRole('tab', { name: 'Settings' }).click();
    await capture('settings');
    await popup.getByLabel('Results per page').selectOption('6');
    await popup.getByLabel('Keep a history of searches on this device').uncheck();
    const before = await entries();
    const state = await search(OUTFIT);
    expect(state.privateResult?.results).toHaveLength(6);
    expect(await entries()).toEqual(before);
    await popup.getByRole('tab', { name: 'Results' }).click();
    await expect.poll(async () => (await cardIds()).length).toBe(6);
    await popup.getByText('not saved to history').waitFor();
    await popup.getByRole('tab', { name: 'Settings' }).click();
    await popup.getByLabel('Keep a history of searches on this device').check();
    await popup.getByLabel('Keep at most').selectOption('20');
    await popup.getByLabel('Dark').check();
    await expect.poll(() => popup.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    // Dark even when the system is light.
    const background = await popup.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(22, 24, 29)');
    await popup.getByLabel('System').check();
    await popup.getByLabel('Results per page').selectOption('12');
  });

  it('clears all data from Settings: history, settings and the current search', async () => {
    await popup.getByRole('tab', { name: 'Settings' }).click();
    await popup.getByLabel('Results per page').selectOption('24');
    await expect.poll(async () => ((await storage(ext, 'local')).settings as { resultCount?: number })?.resultCount).toBe(24);
    expect((await entries()).length).toBeGreaterThan(0);
    await popup.getByRole('button', { name: 'Clear all data' }).click();
    await popup.getByRole('button', { name: 'Delete everything' }).click();
    await popup.getByText('All searches and settings were deleted').waitFor();
    expect(await storage(ext, 'local')).toEqual({});
    expect((await storage(ext, 'session'))[SEARCH_STATE_KEY]).toBeUndefined();
    await expect(popup.getByLabel('Results per page').inputValue()).resolves.toBe('12');
  });

  it('shows a clear error for an image that cannot be read', async () => {
    const state = await search('/img/missing.jpg');
    expect(state.stage).toBe('error');
    await popup.getByRole('tab', { name: 'Results' }).click();
    await popup.getByRole('alert').waitFor();
    await capture('error');
  });
});
