// Who may drive the worker: popup commands only from the extension's pages, menu hints only from its content scripts.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const runSearch = vi.fn(async () => ({}));
const showMenu = vi.fn(async () => undefined);
vi.mock('webextension-polyfill', () => ({ default: {} }));
vi.mock('../../src/background/search.ts', () => ({ runSearch }));
vi.mock('../../src/background/menu.ts', () => ({ showMenu }));
vi.mock('../../src/background/status.ts', () => ({
  readSearchState: async () => ({ srcUrl: 'https://shop.example/a.jpg', pageUrl: 'https://shop.example/', incognito: false }),
}));
vi.stubGlobal('chrome', { runtime: { id: 'lookalike' } });

const { handleMessage, isOwnContentScript, isOwnPage } = await import('../../src/background/messages.ts');

const popup = { id: 'lookalike', url: 'chrome-extension://lookalike/src/popup/index.html' };
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
