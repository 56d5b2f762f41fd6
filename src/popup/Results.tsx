// The Results tab: progress of the current search, its error, or its matches.
import browser from 'webextension-polyfill';
import type { HistoryData, HistoryEntry } from '../lib/history.ts';
import { message, type SearchStage, type SearchState } from '../lib/protocol.ts';
import { ResultGrid } from './ResultGrid.tsx';
import { domainOf, timeAgo } from './format.ts';

const STAGE_TEXT: Record<Exclude<SearchStage, 'done' | 'error'>, string> = {
  fetching: 'Fetching the image…',
  'loading-model': 'Loading the image model (first search only)…',
  searching: 'Searching the catalogue…',
};

interface Props {
  search: SearchState | null | undefined;
  history: HistoryData | undefined;
  reopened?: string;
  onBack: () => void;
}

export function Results({ search, history, reopened, onBack }: Props) {
  if (search === undefined || history === undefined) return <p class="note">Loading…</p>;
  if (reopened) {
    const entry = history.entries.find((e) => e.id === reopened);
    return (
      <section>
        <button type="button" class="link" onClick={onBack}>
          ← Latest search
        </button>
        {entry ? <Search entry={entry} /> : <p class="note">That search was deleted.</p>}
      </section>
    );
  }
  if (search && search.stage !== 'done') {
    return search.stage === 'error' ? <Failure search={search} /> : <Progress stage={search.stage} />;
  }
  const entry = search?.privateResult ?? history.entries.find((e) => e.id === search?.historyId) ?? history.entries[0];
  if (!entry) {
    return (
      <p class="note empty">
        Right-click any product photo on a web page and choose <b>Find similar</b>.
      </p>
    );
  }
  return <Search entry={entry} privately={Boolean(search?.privateResult)} />;
}

function Progress({ stage }: { stage: keyof typeof STAGE_TEXT }) {
  return (
    <div class="progress" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      {STAGE_TEXT[stage]}
    </div>
  );
}

function Failure({ search }: { search: SearchState }) {
  const retry = () => browser.runtime.sendMessage(message('retrySearch', {}));
  return (
    <div class="failure">
      <p role="alert">{search.error?.message ?? 'The search failed.'}</p>
      {search.srcUrl && <p class="note url">{search.srcUrl.slice(0, 120)}</p>}
      {search.error?.retryable && (
        <button type="button" class="primary" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

function Search({ entry, privately = false }: { entry: HistoryEntry; privately?: boolean }) {
  return (
    <section>
      <div class="query">
        {entry.thumbnail && <img src={entry.thumbnail} alt="What you searched" />}
        <div>
          <b>Similar to this image</b>
          <span class="note">
            {domainOf(entry.pageUrl)} · {timeAgo(entry.createdAt)}
            {privately && ' · private window: not saved'}
          </span>
        </div>
      </div>
      <ResultGrid results={entry.results} />
    </section>
  );
}
