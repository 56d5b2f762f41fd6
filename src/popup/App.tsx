// Popup shell: Results (the latest search, or a reopened one) and History tabs.
import { useState } from 'preact/hooks';
import { HistoryList } from './HistoryList.tsx';
import { Results } from './Results.tsx';
import { useHistory, useSearchState } from './storage-hooks.ts';

type Tab = 'results' | 'history';

export function App() {
  const [tab, setTab] = useState<Tab>('results');
  const [reopened, setReopened] = useState<string>();
  const search = useSearchState();
  const history = useHistory();
  const open = (id: string) => {
    setReopened(id);
    setTab('results');
  };
  return (
    <main>
      <header>
        <h1>Lookalike</h1>
        <div role="tablist" class="tabs">
          <TabButton tab="results" current={tab} onSelect={setTab} label="Results" />
          <TabButton tab="history" current={tab} onSelect={setTab} label={`History${history?.entries.length ? ` (${history.entries.length})` : ''}`} />
        </div>
      </header>
      {tab === 'results' ? (
        <Results search={search} history={history} reopened={reopened} onBack={() => setReopened(undefined)} />
      ) : (
        <HistoryList history={history} onOpen={open} />
      )}
    </main>
  );
}

function TabButton(props: { tab: Tab; current: Tab; label: string; onSelect: (tab: Tab) => void }) {
  const selected = props.tab === props.current;
  return (
    <button type="button" role="tab" aria-selected={selected} class={selected ? 'tab selected' : 'tab'} onClick={() => props.onSelect(props.tab)}>
      {props.label}
    </button>
  );
}
