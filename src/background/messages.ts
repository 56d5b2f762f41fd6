// Messages into the worker, each accepted only from the sender it is meant for (STYLE.md #4):
// popup commands from the extension's own pages, menu hints from its own content scripts.
import type { Runtime } from 'webextension-polyfill';
import { isMessage, type Reply } from '../lib/protocol.ts';
import { showMenu } from './menu.ts';
import { runSearch } from './search.ts';
import { readSearchState } from './status.ts';

/** The popup or another page of this extension, not a tab's content script. */
export function isOwnPage(sender: Runtime.MessageSender, extensionId = chrome.runtime.id): boolean {
  const origin = `chrome-extension://${extensionId}/`;
  return sender.id === extensionId && !sender.tab && (sender.url ?? '').startsWith(origin);
}

/** This extension's content script in a web page. */
export function isOwnContentScript(sender: Runtime.MessageSender, extensionId = chrome.runtime.id): boolean {
  return sender.id === extensionId && sender.tab !== undefined && !(sender.url ?? '').startsWith('chrome-extension:');
}

export function handleMessage(raw: unknown, sender: Runtime.MessageSender, workerId: string): Promise<unknown> | undefined {
  if (isMessage(raw, 'retrySearch') && isOwnPage(sender)) return retry(workerId);
  if (isMessage(raw, 'contextTarget') && isOwnContentScript(sender)) return showMenu(raw.data.hasImage === true).then(() => undefined);
  return undefined;
}

async function retry(workerId: string): Promise<Reply<'retrySearch'>> {
  const last = await readSearchState();
  if (!last) return { started: false };
  // Pixels only the page had (canvas, inline SVG, data: and blob: images) are asked of the page again.
  const fromPage = !last.srcUrl || last.srcUrl.startsWith('blob:');
  // Not awaited: the popup follows the search through storage.session.
  void runSearch(
    {
      srcUrl: fromPage ? undefined : last.srcUrl,
      tabId: fromPage ? last.tabId : undefined,
      frameId: last.frameId,
      pageUrl: last.pageUrl,
      incognito: last.incognito,
    },
    workerId,
  );
  return { started: true };
}
