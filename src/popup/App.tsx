// Popup shell: Results (the latest search, or one reopened from history), History and Settings
// tabs, in the theme the settings ask for.
import { useEffect, useState } from 'preact/hooks';
import { HistoryList } from './HistoryList.tsx';
import { Results } from './Results.tsx';
import { SettingsPanel } from './SettingsPanel.tsx';
import { useHistory, useSearchState, useSettings } from './storage-hooks.ts';

type Tab = 'results' | 'history' | 'settings';

export function App() {
  const [tab, setTab] = useState<Tab>('results');
  const [reopened, setReopened] = useState<string>();
  const search = useSearchState();
  const history = useHistory();
  const settings = useSettings();
  useEffect(() => {
    if (settings) document.documentElement.dataset.theme = settings.theme;
  }, [settings?.theme]);
  // A new search (menu click, re-run, more like this) takes over from a reopened one.
  useEffect(() => setReopened(undefined), [search?.id]);
  const show = (id?: string) => {
    setReopened(id);
    setTab('results');
  };
  return (
    <main>
      <header>
        <h1>Lookalike</h1>
        <div role="tablist" class="tabs" aria-label="Views">
          <TabButton tab="results" current={tab} onSelect={setTab} label="Results" />
          <TabButton tab="history" current={tab} onSelect={setTab} label={`History${history?.entries.length ? ` (${history.entries.length})` : ''}`} />
          <TabButton tab="settings" current={tab} onSelect={setTab} label="Settings" />
        </div>
      </header>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'results' && <Results search={search} history={history} settings={settings} reopened={reopened} onShow={show} />}
        {tab === 'history' && <HistoryList history={history} onShow={show} />}
        {tab === 'settings' && <SettingsPanel settings={settings} />}
      </div>
    </main>
  );
}

function TabButton(props: { tab: Tab; current: Tab; label: string; onSelect: (tab: Tab) => void }) {
  const selected = props.tab === props.current;
  return (
    <button
      type="button"
      role="tab"
      id={`tab-${props.tab}`}
      aria-controls={selected ? `panel-${props.tab}` : undefined}
      aria-selected={selected}
      class={selected ? 'tab selected' : 'tab'}
      onClick={() => props.onSelect(props.tab)}
    >
      {props.label}
    </button>
  );
}
