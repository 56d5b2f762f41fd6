// The Results tab: progress of the current search (with skeleton cards), its error, or a search
// to work with (latest, or reopened from history: stored results, shown at once).
import type { HistoryData } from '../lib/history.ts';
import type { SearchStage, SearchState } from '../lib/protocol.ts';
import { DEFAULT_SETTINGS, type Settings } from '../lib/settings.ts';
import { SkeletonGrid } from './ResultGrid.tsx';
import { SearchView } from './SearchView.tsx';
import { ask } from './worker.ts';

const STAGE_TEXT: Record<Exclude<SearchStage, 'done' | 'error'>, string> = {
  fetching: 'Fetching the image…',
  'loading-model': 'Loading the image model (first search only)…',
  searching: 'Searching the catalogue…',
};

interface Props {
  search: SearchState | null | undefined;
  history: HistoryData | undefined;
  settings: Settings | undefined;
  reopened?: string;
  onShow: (entryId?: string) => void;
}

export function Results({ search, history, settings = DEFAULT_SETTINGS, reopened, onShow }: Props) {
  if (search === undefined || history === undefined) return <Progress text="Loading…" count={settings.resultCount} />;
  if (reopened) {
    const entry = history.entries.find((e) => e.id === reopened) ?? (search?.privateResult?.id === reopened ? search.privateResult : undefined);
    return (
      <section>
        <button type="button" class="link" onClick={() => onShow(undefined)}>
          ← Latest search
        </button>
        {entry ? <SearchView key={entry.id} entry={entry} settings={settings} onShow={onShow} /> : <p class="note">That search was deleted.</p>}
      </section>
    );
  }
  if (search && search.stage !== 'done') {
    if (search.stage === 'error') return <Failure search={search} />;
    // The model loads while the image is fetched: its progress shows in whichever stage is current.
    const progress = search.modelProgress !== undefined && search.modelProgress < 1 ? search.modelProgress : undefined;
    return <Progress text={STAGE_TEXT[search.stage]} progress={progress} count={settings.resultCount} />;
  }
  const entry = search?.privateResult ?? history.entries.find((e) => e.id === search?.historyId) ?? history.entries[0];
  if (!entry) {
    return (
      <p class="note empty">
        Right-click any product photo on a web page and choose <b>Find similar</b>.
      </p>
    );
  }
  const privately = search?.privateResult?.id === entry.id;
  return <SearchView key={entry.id} entry={entry} settings={settings} privately={privately} onShow={onShow} />;
}

/**
 * What is happening, the model download on a cold start, and placeholders shaped like the
 * results view (photo, filters, cards), so nothing moves when the results arrive.
 */
function Progress({ text, progress, count }: { text: string; progress?: number; count: number }) {
  return (
    <section aria-busy="true">
      <div class="query skeleton" aria-hidden="true">
        <div class="crop-frame thumb-placeholder" />
        <div class="about">
          <div class="line" />
          <div class="line short" />
        </div>
      </div>
      <div class="filters skeleton" aria-hidden="true">
        <div class="line" />
        <div class="line" />
        <div class="line" />
      </div>
      <div class="summary">
        <div class="status" role="status" aria-live="polite">
          <span class="spinner" aria-hidden="true" />
          <span>{text}</span>
          {progress !== undefined && <progress max={1} value={progress} aria-label={`Model ${Math.round(progress * 100)}% loaded`} />}
        </div>
      </div>
      <SkeletonGrid count={count} />
    </section>
  );
}

function Failure({ search }: { search: SearchState }) {
  return (
    <div class="failure">
      <p role="alert">{search.error?.message ?? 'The search failed.'}</p>
      {search.srcUrl && <p class="note url">{search.srcUrl.slice(0, 120)}</p>}
      {search.error?.retryable && (
        <button type="button" class="primary" onClick={() => ask('retrySearch', {})}>
          Try again
        </button>
      )}
    </div>
  );
}
