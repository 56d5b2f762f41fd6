// Who may drive the worker: popup commands only from the extension's pages, menu hints only from its content scripts.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const runSearch = vi.fn(async () => ({}));
const showMenu = vi.fn(async () => undefined);
vi.mock('webextension-polyfill', () => ({ default: {} }));
vi.mock('../../src/background/search.ts', () => ({ runSearch }));
const refineSearch = vi.fn(async () => ({ ok: true }));
const findEntry = vi.fn(async (id: string) => (id === 'e1' ? { entry: { id, pageUrl: 'https://shop.example/', srcUrl: 'https://shop.example/a.jpg', image: 'data:image/jpeg;base64,' }, isPrivate: false } : undefined));
vi.mock('../../src/background/menu.ts', () => ({ showMenu }));
vi.mock('../../src/background/refine.ts', () => ({ refineSearch }));
vi.mock('../../src/background/history.ts', () => ({ findEntry }));
vi.mock('../../src/background/status.ts', () => ({
  readSearchState: async () => ({ srcUrl: 'https://shop.example/a.jpg', pageUrl: 'https://shop.example/', incognito: false }),
}));
vi.stubGlobal('chrome', { runtime: { id: 'lookalike' } });

const { handleMessage, isOwnContentScript, isOwnPage } = await import('../../src/background/messages.ts');

const popup = { id: 'lookalike', url: 'chrome-extension://lookalike/src/popup/index.html' };
const popupInTab = { ...popup, tab: { id: 9 } as never };
const contentScript = { id: 'lookalike', url: 'https://shop.example/p/1', tab: { id: 7 } as never, frameId: 0 };
const otherExtension = { id: 'intruder', url: 'chrome-extension://intruder/page.html' };
const webPage = { url: 'https://evil.example/', tab: { id: 8 } as never };

beforeEach(() => {
  runSearch.mockClear();
  showMenu.mockClear();
});

describe('sender checks', () => {
  it('tells the extension’s own pages from content scripts and strangers', () => {
    expect(isOwnPage(popup)).toBe(true);
    expect(isOwnPage(popupInTab)).toBe(true);
    expect([contentScript, otherExtension, webPage].map((s) => isOwnPage(s))).toEqual([false, false, false]);
    expect(isOwnContentScript(contentScript)).toBe(true);
    expect([popup, otherExtension, webPage].map((s) => isOwnContentScript(s))).toEqual([false, false, false]);
  });

  it('runs a retry for the popup only', async () => {
    for (const sender of [contentScript, otherExtension, webPage]) {
      expect(handleMessage({ type: 'retrySearch', data: {} }, sender, 'w')).toBeUndefined();
    }
    expect(runSearch).not.toHaveBeenCalled();
    await expect(handleMessage({ type: 'retrySearch', data: {} }, popup, 'w')).resolves.toEqual({ started: true });
    expect(runSearch).toHaveBeenCalledOnce();
  });

  it('takes refine, "more like this" and re-run from the popup only', async () => {
    const commands = [
      { type: 'refineSearch', data: { entryId: 'e1', filter: { genders: ['Men'] } } },
      { type: 'moreLikeThis', data: { itemId: '42', fromEntryId: 'e1' } },
      { type: 'rerunSearch', data: { entryId: 'e1' } },
    ];
    for (const sender of [contentScript, otherExtension, webPage]) {
      for (const command of commands) expect(handleMessage(command, sender, 'w')).toBeUndefined();
    }
    expect(refineSearch).not.toHaveBeenCalled();
    expect(runSearch).not.toHaveBeenCalled();
    await expect(handleMessage(commands[0], popup, 'w')).resolves.toEqual({ ok: true });
    expect(refineSearch).toHaveBeenCalledWith(commands[0].data);
    await expect(handleMessage(commands[1], popup, 'w')).resolves.toEqual({ started: true });
    expect(runSearch).toHaveBeenLastCalledWith({ likeItem: '42', pageUrl: 'https://shop.example/', incognito: false }, 'w');
    await expect(handleMessage(commands[2], popup, 'w')).resolves.toEqual({ started: true });
    expect(runSearch).toHaveBeenLastCalledWith(expect.objectContaining({ photo: 'data:image/jpeg;base64,', pageUrl: 'https://shop.example/' }), 'w');
    await expect(handleMessage({ type: 'rerunSearch', data: { entryId: 'gone' } }, popup, 'w')).resolves.toEqual({ started: false });
  });

  it('lets only content scripts show or hide the menu item', async () => {
    expect(handleMessage({ type: 'contextTarget', data: { hasImage: false } }, popup, 'w')).toBeUndefined();
    expect(handleMessage({ type: 'contextTarget', data: { hasImage: false } }, webPage, 'w')).toBeUndefined();
    expect(showMenu).not.toHaveBeenCalled();
    await handleMessage({ type: 'contextTarget', data: { hasImage: false } }, contentScript, 'w');
    expect(showMenu).toHaveBeenCalledWith(false);
  });

  it('ignores messages that are not in the protocol', () => {
    expect(handleMessage({ type: 'deleteEverything' }, popup, 'w')).toBeUndefined();
    expect(handleMessage('retrySearch', popup, 'w')).toBeUndefined();
  });
});
