// Shows the results: opens the popup, or marks the toolbar button when the browser refuses.
import browser from 'webextension-polyfill';

/**
 * The longest a search waits for the popup it opened to finish starting before it runs the model.
 * A popup starts in about 0.1-0.2 s, mostly while the image is fetched and decoded; on 2 cores
 * its start-up running beside the model's two threads slowed the model by a third (issue #4).
 */
export const POPUP_WAIT_MS = 300;

let drawn: Promise<void> | undefined;
let markDrawn: (() => void) | undefined;

export async function openPopup(): Promise<void> {
  await browser.action.setBadgeText({ text: '' });
  // Armed before opening, so a popup quicker than this function's return is not missed.
  drawn = new Promise<void>((resolve) => {
    markDrawn = resolve;
    setTimeout(resolve, POPUP_WAIT_MS);
  });
  try {
    await chrome.action.openPopup();
  } catch {
    markDrawn?.();
    // openPopup needs a focused normal window; elsewhere the badge tells the user to click.
    await browser.action.setBadgeBackgroundColor({ color: '#6d28d9' });
    await browser.action.setBadgeText({ text: '1' });
  }
}

/** The popup says it has drawn its first view. */
export function popupDrawn(): void {
  markDrawn?.();
}

/** Resolves once the popup the last click opened has started (at once if none is starting). */
export function popupStarted(): Promise<void> {
  return drawn ?? Promise.resolve();
}
