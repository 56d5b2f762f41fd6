// The whole product in real Chromium: right-click -> "Find similar" -> popup results -> history.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogueItems } from '../../src/lib/catalogue.ts';
import type { HistoryData } from '../../src/lib/history.ts';
import { decodePack, PACK_FILES, type Pack, type PackHeader } from '../../src/lib/pack.ts';
import { preprocess } from '../../src/lib/preprocess.ts';
import { SEARCH_STATE_KEY, type SearchState } from '../../src/lib/protocol.ts';
import { decodeImage } from '../../scripts/lib/decode.ts';
import { loadNodeEmbedder } from '../../scripts/lib/node-tf.ts';
import { builtItems, headForPack } from '../../scripts/lib/node-pack.ts';
import { vectoriser } from '../../src/lib/vectoriser.ts';
import { loadQuery } from '../../src/lib/stored-vector.ts';
import { currentWorker, DIST, type Extension, findSimilar, launchExtension, openPopup, restartWorker, SHARED, serveShop, storage } from '../../scripts/lib/chromium.ts';

const CATALOGUE = join(DIST, 'catalogue');
const TSHIRT = '/shared/fixtures/queries/tshirt.jpg';

let ext: Extension;
let shop: Awaited<ReturnType<typeof serveShop>>;
let items: CatalogueItems;
let pack: Pack;

beforeAll(async () => {
  shop = await serveShop();
  ext = await launchExtension();
  items = builtItems(CATALOGUE);
  const header: PackHeader = JSON.parse(readFileSync(join(CATALOGUE, PACK_FILES.header), 'utf8'));
  const vectors = readFileSync(join(CATALOGUE, PACK_FILES.vectors));
  const ids = JSON.parse(readFileSync(join(CATALOGUE, PACK_FILES.ids), 'utf8'));
  pack = decodePack(header, vectors.buffer.slice(vectors.byteOffset, vectors.byteOffset + vectors.byteLength), ids, { ...header, headId: header.headId ?? 'none' });
});

afterAll(async () => {
  await ext?.close();
  await shop?.close();
});

async function searchOnPage(src: string): Promise<Page> {
  const page = await ext.context.newPage();
  await page.goto(`${shop.url}/page?img=${encodeURIComponent(src)}`);
  await findSimilar(ext, page, '#img0');
  const popup = await openPopup(ext);
  await popup.waitForSelector('[data-item-id], [role=alert]', { timeout: 100_000 }).catch(async (error: Error) => {
    // Say where the search stood: one CI run waited here the whole test timeout with no clue.
    const state = (await storage(ext, 'session').catch(() => ({}) as Record<string, unknown>))[SEARCH_STATE_KEY] as SearchState | undefined;
    const shown = await popup.locator('main').innerText().catch(() => '(popup unreadable)');
    throw new Error(`${error.message}; search state: ${JSON.stringify({ stage: state?.stage, timings: state?.timings, error: state?.error })}; popup shows: ${shown.slice(0, 300)}`);
  });
  await page.close();
  return popup;
}

async function resultIds(popup: Page): Promise<string[]> {
  return popup.locator('[data-item-id]').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-item-id') ?? ''));
}

async function latestEntry() {
  const history = (await storage(ext, 'local')).history as HistoryData;
  return history.entries[0];
}

describe('Find similar in Chromium', () => {
  it('ranks a catalogue item first for its own photo, with the indexer and the extension agreeing', async () => {
    const id = pack.ids[pack.ids.length >> 1];
    const popup = await searchOnPage(`/shared/catalogue/myntra-small/images/${id}.jpg`);
    const ids = await resultIds(popup);
    expect(ids).toHaveLength(12);
    expect(ids[0]).toBe(id);
    // The indexer decoded this file with sharp, the extension with Chromium: same vector.
    expect((await latestEntry()).results[0].score).toBeGreaterThan(0.99);
    await expect(popup.locator(`[data-item-id="${id}"]`).innerText()).resolves.toContain(items[id][1]);
    // Its photo is cut from a packed thumbnail shard and really decodes.
    const photo = popup.locator(`[data-item-id="${id}"] img`);
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0))).toBeGreaterThan(0);
    expect(await photo.getAttribute('src')).toMatch(/^blob:chrome-extension:/);
    await popup.close();
  });

  it('shows mostly T-shirts and shirts for a T-shirt photo from elsewhere', async () => {
    const popup = await searchOnPage(TSHIRT);
    const ids = await resultIds(popup);
    expect(ids).toHaveLength(12);
    const tops = ids.slice(0, 5).filter((id) => ['Tshirts', 'Shirts'].includes(items[id][1]));
    expect(tops.length).toBeGreaterThanOrEqual(3);
    expect(await popup.locator('.query img').count()).toBe(1);
    await popup.close();
  });

  it('stores each result with its details, and the popup shows them without reading the catalogue\'s', async () => {
    const entry = await latestEntry();
    for (const result of entry.results) expect(result.item).toEqual(items[result.id]);
    const { catalogueId } = JSON.parse(readFileSync(join(CATALOGUE, 'labels.json'), 'utf8'));
    expect(entry.catalogueId).toBe(catalogueId);
    const popupRequests = async () => {
      const popup = await ext.context.newPage();
      const fetched: string[] = [];
      popup.on('request', (request) => fetched.push(new URL(request.url()).pathname));
      await popup.goto(`chrome-extension://${ext.id}/src/popup/index.html`);
      await popup.locator('.card img[src]').nth(11).waitFor();
      await popup.locator('select[data-filter=genders]').waitFor();
      expect(await popup.locator('.card .name').first().innerText()).toBe(items[entry.results[0].id][0]);
      await popup.close();
      return fetched;
    };
    const fetched = await popupRequests();
    expect(fetched).toContain('/catalogue/labels.json');
    expect(fetched).not.toContain('/catalogue/details.bin');
    // Details stored by another build (its thumbnails packed elsewhere) are not trusted.
    const worker = await currentWorker(ext);
    await worker.evaluate(`chrome.storage.local.get('history').then(({ history }) => { history.entries[0].catalogueId = 'another-build'; return chrome.storage.local.set({ history }); })`);
    expect(await popupRequests()).toEqual(expect.arrayContaining(['/catalogue/details.bin', '/catalogue/ids.json']));
  });

  it('scores like the Node pipeline for a large photo (browser and Node preprocessing agree)', async () => {
    const vectors = vectoriser(await loadNodeEmbedder(), headForPack(pack.header));
    const query = await vectors.vectorise(preprocess(await decodeImage(join(SHARED, 'fixtures/queries/tshirt.jpg'))));
    vectors.dispose();
    const entry = await latestEntry();
    for (const result of entry.results) {
      const row = pack.ids.indexOf(result.id) * pack.header.dims;
      const node = query.vector.reduce((s, v, d) => s + v * pack.vectors[row + d], 0);
      expect(Math.abs(node - result.score)).toBeLessThan(0.01);
    }
    // The type prior the worker ranked with (kept with the entry for re-ranking) is Node's too.
    const stored = loadQuery(entry.vector, vectors.recipe);
    const nodeTypes = query.typeLogProbs as Float32Array;
    expect(stored?.typeLogProbs).toHaveLength(nodeTypes.length);
    const best = nodeTypes.indexOf(Math.max(...nodeTypes));
    expect(stored?.typeLogProbs?.indexOf(Math.max(...(stored?.typeLogProbs ?? [])))).toBe(best);
    for (const [t, logProb] of nodeTypes.entries()) expect(Math.abs((stored?.typeLogProbs?.[t] ?? 0) - logProb)).toBeLessThan(0.05 * Math.max(1, -logProb));
  });

  it('keeps both searches in history across a service-worker restart', async () => {
    await restartWorker(ext);
    const popup = await openPopup(ext);
    await popup.getByRole('tab', { name: /History/ }).click();
    await expect(popup.locator('[data-history-id]').count()).resolves.toBe(2);
    const domains = await popup.locator('.history').innerText();
    expect(domains).toContain('127.0.0.1');
    // Reopen the older search: its 12 results come back from storage.
    await popup.locator('[data-history-id] .open').nth(1).click();
    await popup.waitForSelector('[data-item-id]');
    expect(await resultIds(popup)).toHaveLength(12);
    await popup.close();
  });

  it('says why a broken image URL failed, with a retry, instead of a blank popup', async () => {
    const popup = await searchOnPage('/shared/no-such-image.jpg');
    const alert = popup.getByRole('alert');
    await expect(alert.innerText()).resolves.toMatch(/could not be downloaded.*404/);
    await expect(popup.getByRole('button', { name: 'Try again' }).count()).resolves.toBe(1);
    await popup.close();
  });

  it('says an image is too small, naming the minimum', async () => {
    const popup = await searchOnPage('/tiny.png');
    await expect(popup.getByRole('alert').innerText()).resolves.toMatch(/10x10 pixels; at least 32x32/);
    await popup.close();
  });

  it('says when the address is not an image', async () => {
    const popup = await searchOnPage('/page');
    await expect(popup.getByRole('alert').innerText()).resolves.toMatch(/not an image \(it is text\/html\)/);
    await popup.close();
  });

  it('deletes one search and clears the rest from history', async () => {
    const popup = await openPopup(ext);
    await popup.getByRole('tab', { name: /History/ }).click();
    await popup.locator('[data-history-id] .delete').first().click();
    await popup.waitForFunction(() => document.querySelectorAll('[data-history-id]').length === 1);
    await popup.getByRole('button', { name: 'Clear history' }).click();
    await popup.getByRole('button', { name: 'Delete all' }).click();
    await popup.getByText('Cleared 1 search.').waitFor();
    expect(((await storage(ext, 'local')).history as HistoryData).entries).toEqual([]);
    await popup.close();
  });
});
