// Service worker entry: listeners registered synchronously at top level, each delegating to one module.
import browser, { type Runtime } from 'webextension-polyfill';
import { toFailure, SearchError } from '../lib/errors.ts';
import { handleMessage } from './messages.ts';
import { MENU_ID, registerMenu } from './menu.ts';
import { openPopup } from './popup.ts';
import { runSearch } from './search.ts';
import { readSearchState, writeSearchState } from './status.ts';

/** This worker life; the worker may be killed between any two events (STYLE.md #5). */
const WORKER_ID = crypto.randomUUID();
const ready = failInterruptedSearch();

browser.runtime.onInstalled.addListener(() => registerMenu());

browser.contextMenus.onClicked.addListener((info, tab) => {
  if (info.menuItemId !== MENU_ID) return;
  // Open first, while the click still counts as a user gesture; the popup follows progress.
  void openPopup();
  void ready.then(() =>
    runSearch(
      { srcUrl: info.srcUrl, pageUrl: info.pageUrl ?? tab?.url ?? '', tabId: tab?.id, frameId: info.frameId, incognito: tab?.incognito ?? false },
      WORKER_ID,
    ),
  );
});

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) =>
  handleMessage(message, sender, WORKER_ID),
);

/** A search still running in storage belongs to a worker that was stopped mid-way: end it as an error. */
async function failInterruptedSearch(): Promise<void> {
  const state = await readSearchState().catch(() => undefined);
  if (!state || state.workerId === WORKER_ID || state.stage === 'done' || state.stage === 'error') return;
  const error = toFailure(new SearchError('interrupted', 'The search was interrupted because the browser stopped the extension. Try again.'));
  await writeSearchState({ ...state, stage: 'error', error });
}
