// Shows the results: opens the popup, or marks the toolbar button when the browser refuses.
import browser from 'webextension-polyfill';

export async function openPopup(): Promise<void> {
  await browser.action.setBadgeText({ text: '' });
  try {
    await chrome.action.openPopup();
  } catch {
    // openPopup needs a focused normal window; elsewhere the badge tells the user to click.
    await browser.action.setBadgeBackgroundColor({ color: '#6d28d9' });
    await browser.action.setBadgeText({ text: '1' });
  }
}
