// The current search's state in storage.session: survives worker restarts, never reaches disk.
import browser from 'webextension-polyfill';
import { SEARCH_STATE_KEY, type SearchState } from '../lib/protocol.ts';

export async function readSearchState(): Promise<SearchState | undefined> {
  const stored = await browser.storage.session.get(SEARCH_STATE_KEY);
  return stored[SEARCH_STATE_KEY] as SearchState | undefined;
}

export async function writeSearchState(state: SearchState): Promise<void> {
  await browser.storage.session.set({ [SEARCH_STATE_KEY]: state });
}
