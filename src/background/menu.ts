// The "Find similar" context-menu item.
import browser from 'webextension-polyfill';

/** Stable id: other test suites dispatch clicks on it. */
export const MENU_ID = 'find-similar';

export async function registerMenu(): Promise<void> {
  await browser.contextMenus.removeAll();
  browser.contextMenus.create({
    id: MENU_ID,
    title: 'Find similar',
    // Not only images: CSS backgrounds and images under overlays are found by the content script.
    contexts: ['image', 'link', 'page', 'frame'],
  });
}
