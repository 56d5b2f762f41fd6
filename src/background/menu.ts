// The "Find similar" context-menu item.
import browser from 'webextension-polyfill';

/** Stable id: other test suites dispatch clicks on it. */
export const MENU_ID = 'find-similar';

export async function registerMenu(): Promise<void> {
  await browser.contextMenus.removeAll();
  browser.contextMenus.create({
    id: MENU_ID,
    title: 'Find similar',
    // Not only images: CSS backgrounds, canvases and images under overlays are found by the
    // content script, which hides the item where there is nothing to search.
    contexts: ['image', 'video', 'link', 'page', 'frame'],
  });
}

/** Called by the content script at each right-click, before the menu opens. */
export async function showMenu(visible: boolean): Promise<void> {
  await browser.contextMenus.update(MENU_ID, { visible });
}
