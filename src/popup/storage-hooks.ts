// Preact hooks over extension storage: the search in progress (session), history and settings (local).
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { HISTORY_KEY, History, type HistoryData, migrateHistory } from '../lib/history.ts';
import { SEARCH_STATE_KEY, type SearchState } from '../lib/protocol.ts';
import { SETTINGS_KEY, type Settings, validateSettings } from '../lib/settings.ts';

export const history = new History(browser.storage.local);

/** A storage value, read once and then followed through storage.onChanged. `undefined` while loading. */
function useStored<T>(area: 'session' | 'local', key: string, read: (raw: unknown) => T): T | undefined {
  const [value, setValue] = useState<T>();
  useEffect(() => {
    let live = true;
    browser.storage[area].get(key).then((stored) => live && setValue(read(stored[key])));
    const onChanged = (changes: Record<string, { newValue?: unknown }>, changedArea: string) => {
      if (changedArea === area && key in changes) setValue(read(changes[key].newValue));
    };
    browser.storage.onChanged.addListener(onChanged);
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
