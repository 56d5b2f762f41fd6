// Preact hooks over extension storage: the search in progress (session), history and settings (local).
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { HISTORY_KEY, History, type HistoryData, migrateHistory } from '../lib/history.ts';
import { SEARCH_STATE_KEY, type SearchState } from '../lib/protocol.ts';
import { SETTINGS_KEY, type Settings, validateSettings } from '../lib/settings.ts';

export const history = new History(browser.storage.local);

/**
 * A storage value, read once and then followed through storage.onChanged. `undefined` while
 * loading. The listener goes first, so no change falls between the read and it; and a change
 * that arrives before the read's answer wins over that (older) answer. Otherwise a search that
 * ended while the popup opened could leave it showing "Fetching the image…" for good (seen twice
 * in the e2e suite: storage said "error", the popup still said fetching).
 */
function useStored<T>(area: 'session' | 'local', key: string, read: (raw: unknown) => T): T | undefined {
  const [value, setValue] = useState<T>();
  useEffect(() => {
    let live = true;
    let changed = false;
    const onChanged = (changes: Record<string, { newValue?: unknown }>, changedArea: string) => {
      if (changedArea !== area || !(key in changes)) return;
      changed = true;
      setValue(read(changes[key].newValue));
    };
    browser.storage.onChanged.addListener(onChanged);
    browser.storage[area].get(key).then((stored) => live && !changed && setValue(read(stored[key])));
    return () => {
      live = false;
      browser.storage.onChanged.removeListener(onChanged);
    };
  }, [area, key]);
  return value;
}

/** `null` when no search ran this session. */
export function useSearchState(): SearchState | null | undefined {
  return useStored('session', SEARCH_STATE_KEY, (raw) => (raw as SearchState | undefined) ?? null);
}

export function useHistory(): HistoryData | undefined {
  return useStored('local', HISTORY_KEY, migrateHistory);
}

export function useSettings(): Settings | undefined {
  return useStored('local', SETTINGS_KEY, validateSettings);
}
