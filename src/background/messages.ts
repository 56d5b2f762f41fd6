// Messages from the popup, accepted only from the extension's own pages (STYLE.md #4).
import type { Runtime } from 'webextension-polyfill';
import { isMessage, type Reply } from '../lib/protocol.ts';
import { runSearch } from './search.ts';
import { readSearchState } from './status.ts';

export function isOwnPage(sender: Runtime.MessageSender): boolean {
  const origin = new URL(chrome.runtime.getURL('')).origin;
  return sender.id === chrome.runtime.id && !sender.tab?.id && (sender.url ?? '').startsWith(origin);
}

export function handleMessage(raw: unknown, sender: Runtime.MessageSender, workerId: string): Promise<unknown> | undefined {
  if (!isMessage(raw) || !isOwnPage(sender)) return undefined;
  if (raw.type === 'retrySearch') return retry(workerId);
  return undefined;
}

async function retry(workerId: string): Promise<Reply<'retrySearch'>> {
  const last = await readSearchState();
  if (!last) return { started: false };
  // Not awaited: the popup follows the search through storage.session.
  void runSearch(
    { srcUrl: last.srcUrl || undefined, pageUrl: last.pageUrl, tabId: last.srcUrl ? undefined : last.tabId, frameId: last.frameId, incognito: last.incognito },
    workerId,
  );
  return { started: true };
}
