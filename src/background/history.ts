// The worker's handle on search history: where a finished search is kept (history on disk, or
// only this browser session for private windows and when history is off), and finding it again.
import browser from 'webextension-polyfill';
import { History, type HistoryEntry } from '../lib/history.ts';
import { readSettings } from '../lib/settings.ts';
import { readSearchState, writeSearchState } from './status.ts';

export const history = new History(browser.storage.local);

export interface Kept {
  /** Set when the entry went to history. */
  historyId?: string;
  /** Set when it stays in session memory only. */
  privateResult?: HistoryEntry;
}

export async function keep(entry: HistoryEntry, incognito: boolean): Promise<Kept> {
  const settings = await readSettings(browser.storage.local);
  if (incognito || !settings.historyEnabled) return { privateResult: entry };
  await history.add(entry, settings.historyLimit);
  return { historyId: entry.id };
}

/** A search by id, from history or from this session's private result. */
export async function findEntry(id: string): Promise<{ entry: HistoryEntry; isPrivate: boolean } | undefined> {
  const state = await readSearchState();
  if (state?.privateResult?.id === id) return { entry: state.privateResult, isPrivate: true };
  const entry = (await history.read()).entries.find((e) => e.id === id);
  return entry && { entry, isPrivate: false };
}

/** Writes a refined search back where it came from; false when it has since been deleted. */
export async function replaceEntry(entry: HistoryEntry, isPrivate: boolean): Promise<boolean> {
  if (!isPrivate) return history.replace(entry);
  const state = await readSearchState();
  if (state?.privateResult?.id !== entry.id) return false;
  await writeSearchState({ ...state, privateResult: entry });
  return true;
}
