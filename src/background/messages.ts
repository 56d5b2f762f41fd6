// Messages into the worker, each accepted only from the sender it is meant for (STYLE.md #4):
// popup commands from the extension's own pages, menu hints from its own content scripts.
import type { Runtime } from 'webextension-polyfill';
import { isMessage, type Reply } from '../lib/protocol.ts';
import { findEntry } from './history.ts';
import { showMenu } from './menu.ts';
import { refineSearch } from './refine.ts';
import { runSearch } from './search.ts';
import { readSearchState } from './status.ts';

/**
 * The popup or another page of this extension (also when opened in a tab), not a content script:
 * content scripts never run in extension pages, so their sender URL is never ours.
 */
export function isOwnPage(sender: Runtime.MessageSender, extensionId = chrome.runtime.id): boolean {
  const origin = `chrome-extension://${extensionId}/`;
  return sender.id === extensionId && (sender.url ?? '').startsWith(origin);
}

/** This extension's content script in a web page. */
export function isOwnContentScript(sender: Runtime.MessageSender, extensionId = chrome.runtime.id): boolean {
  return sender.id === extensionId && sender.tab !== undefined && !(sender.url ?? '').startsWith('chrome-extension:');
}

export function handleMessage(raw: unknown, sender: Runtime.MessageSender, workerId: string): Promise<unknown> | undefined {
  if (isMessage(raw, 'retrySearch') && isOwnPage(sender)) return retry(workerId);
  if (isMessage(raw, 'refineSearch') && isOwnPage(sender)) return refineSearch(raw.data);
  if (isMessage(raw, 'moreLikeThis') && isOwnPage(sender)) return moreLikeThis(raw.data, workerId);
  if (isMessage(raw, 'rerunSearch') && isOwnPage(sender)) return rerun(raw.data.entryId, workerId);
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

/** A new search from a catalogue item; private when the search it came from was. */
async function moreLikeThis({ itemId, fromEntryId }: { itemId: string; fromEntryId?: string }, workerId: string): Promise<Reply<'moreLikeThis'>> {
  if (typeof itemId !== 'string' || !itemId) return { started: false };
  const from = fromEntryId ? await findEntry(fromEntryId) : undefined;
  void runSearch({ likeItem: itemId, pageUrl: from?.entry.pageUrl ?? '', incognito: from?.isPrivate ?? false }, workerId);
  return { started: true };
}

/** A history entry searched again as a new search: its kept photo (or, for old entries, its address), same crop and filter. */
async function rerun(entryId: string, workerId: string): Promise<Reply<'rerunSearch'>> {
  const found = await findEntry(entryId);
  if (!found) return { started: false };
  const { entry, isPrivate } = found;
  void runSearch(
    {
      srcUrl: entry.srcUrl || undefined,
      // A catalogue item's search starts from its own vector again, unless it was cropped.
      likeItem: entry.likeItem && !entry.crop ? entry.likeItem : undefined,
      photo: entry.likeItem && !entry.crop ? undefined : entry.image,
      crop: entry.crop,
      filter: entry.filter,
      pageUrl: entry.pageUrl,
      incognito: isPrivate,
    },
    workerId,
  );
  return { started: true };
}
