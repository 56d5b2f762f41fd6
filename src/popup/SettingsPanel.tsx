// The Settings tab: results per page, history on/off and its limit, theme, and clearing all data.
import { useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { HISTORY_LIMITS, RESULT_COUNTS, type Settings, SETTINGS_KEY, type Theme, writeSettings } from '../lib/settings.ts';
import { HISTORY_KEY } from '../lib/history.ts';
import { SEARCH_STATE_KEY } from '../lib/protocol.ts';
import { history } from './storage-hooks.ts';

const THEMES: [Theme, string][] = [
  ['system', 'System'],
  ['light', 'Light'],
  ['dark', 'Dark'],
];

export function SettingsPanel({ settings }: { settings: Settings | undefined }) {
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<string>();
  if (!settings) return <p class="note">Loading…</p>;
  const change = async (next: Partial<Settings>) => {
    const saved = await writeSettings(browser.storage.local, next);
    // A lower limit applies at once: the oldest searches beyond it go.
    if (next.historyLimit !== undefined) await history.trim(saved.historyLimit);
  };
  const clearAll = async () => {
    await browser.storage.local.remove([HISTORY_KEY, SETTINGS_KEY]);
    await browser.storage.session.remove(SEARCH_STATE_KEY);
    setConfirming(false);
    setDone('All searches and settings were deleted from this device.');
  };
  return (
    <section class="settings">
      <fieldset>
        <legend>Results</legend>
        <label class="row">
          Results per page
          <select value={settings.resultCount} onChange={(e) => change({ resultCount: Number(e.currentTarget.value) })}>
            {RESULT_COUNTS.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </fieldset>
      <fieldset>
        <legend>History</legend>
        <label class="row">
          Keep a history of searches on this device
          <input type="checkbox" checked={settings.historyEnabled} onChange={(e) => change({ historyEnabled: e.currentTarget.checked })} />
        </label>
        <label class="row">
          Keep at most
          <select value={settings.historyLimit} disabled={!settings.historyEnabled} onChange={(e) => change({ historyLimit: Number(e.currentTarget.value) })}>
            {HISTORY_LIMITS.map((n) => (
              <option key={n} value={n}>
                {n} searches
              </option>
            ))}
          </select>
        </label>
      </fieldset>
      <fieldset>
        <legend>Theme</legend>
        <div class="choices" role="radiogroup" aria-label="Theme">
          {THEMES.map(([value, label]) => (
            <label key={value}>
              <input type="radio" name="theme" value={value} checked={settings.theme === value} onChange={() => change({ theme: value })} /> {label}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>Your data</legend>
        <p class="note">Photos, searches and results never leave this device.</p>
        {confirming ? (
          <div class="row">
            <span>Delete all searches and settings?</span>
            <span>
              <button type="button" class="danger" onClick={clearAll}>
                Delete everything
              </button>{' '}
              <button type="button" onClick={() => setConfirming(false)}>
                Cancel
              </button>
            </span>
          </div>
        ) : (
          <button type="button" onClick={() => setConfirming(true)}>
            Clear all data
          </button>
        )}
        {done && (
          <p class="note" role="status">
            {done}
          </p>
        )}
      </fieldset>
    </section>
  );
}
