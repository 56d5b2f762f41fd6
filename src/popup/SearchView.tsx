// One search to work with: its photo and crop box, filters over the whole catalogue, the result
// cards, "more like this" and "show more". Every change goes to the worker, which re-ranks (or,
// for a new crop, re-embeds) and stores the entry; the popup shows what storage then holds.
import { useMemo, useState } from 'preact/hooks';
import type { Crop } from '../lib/crop.ts';
import type { SearchFailure } from '../lib/errors.ts';
import type { HistoryEntry } from '../lib/history.ts';
import { MAX_RESULTS, type RefineRequest } from '../lib/protocol.ts';
import type { Filter } from '../lib/rank.ts';
import type { Settings } from '../lib/settings.ts';
import { detailsHold, useCatalogueItems, useCatalogueLabels } from './catalogue.ts';
import { CropBox } from './CropBox.tsx';
import { matchingCount } from '../lib/facets.ts';
import { FilterBar } from './FilterBar.tsx';
import { ResultGrid } from './ResultGrid.tsx';
import { domainOf, timeAgo } from './format.ts';
import { ask } from './worker.ts';

const NO_FILTER: Filter = {};

interface Props {
  entry: HistoryEntry;
  settings: Settings;
  privately?: boolean;
  onShow: (entryId?: string) => void;
}

export function SearchView({ entry, settings, privately = false, onShow }: Props) {
  const { rows, catalogueId } = useCatalogueLabels();
  const stored = detailsHold(entry, catalogueId);
  // "More like: <name>": the item is among the results when it passes the filter, else the build's details.
  const likeResult = entry.likeItem ? entry.results.find((r) => r.id === entry.likeItem && r.item) : undefined;
  const { items } = useCatalogueItems(Boolean(entry.likeItem && !likeResult));
  const filter = entry.filter ?? NO_FILTER;
  const matching = useMemo(() => (rows ? matchingCount(rows, filter) : undefined), [rows, entry.filter]);
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<SearchFailure>();
  const refine = async (change: Omit<RefineRequest, 'entryId'>, doing: string) => {
    setBusy(doing);
    setError(undefined);
    const reply = await ask('refineSearch', { entryId: entry.id, ...change });
    if ('error' in reply) setError(reply.error);
    setBusy(undefined);
  };
  const like = async (itemId: string) => {
    setError(undefined);
    const reply = await ask('moreLikeThis', { itemId, fromEntryId: entry.id });
    if ('error' in reply) setError(reply.error);
    else onShow(undefined);
  };
  const onCrop = (crop: Crop | null) => refine({ crop, count: settings.resultCount }, crop ? 'Searching the selected area…' : 'Searching the whole photo…');
  const onFilter = (filter: Filter) => refine({ filter, count: settings.resultCount }, 'Searching with the filter…');
  const source = likeResult?.item?.[0] ?? (entry.likeItem ? items?.(entry.likeItem)?.[0] : undefined);
  const shown = entry.results.length;
  const canShowMore = shown > 0 && shown < Math.min(MAX_RESULTS, matching ?? 0);
  return (
    <section>
      <div class="query">
        {entry.image ? (
          <CropBox photo={entry.image} crop={entry.crop} disabled={Boolean(busy)} onChange={onCrop} />
        ) : (
          <img class="crop-frame" src={entry.thumbnail} alt="What you searched" />
        )}
        <div class="about">
          <b>{source ? `More like: ${source}` : 'Similar to this image'}</b>
          <span class="note">
            {entry.pageUrl ? domainOf(entry.pageUrl) : 'Lookalike catalogue'} · {timeAgo(entry.createdAt)}
            {privately && ' · not saved to history'}
          </span>
          {entry.image && <span class="note">Drag on the photo to search part of it.</span>}
          {entry.crop && (
            <button type="button" class="link" disabled={Boolean(busy)} onClick={() => onCrop(null)}>
              Search the whole photo
            </button>
          )}
        </div>
      </div>
      {rows && <FilterBar rows={rows} filter={filter} disabled={Boolean(busy)} onChange={onFilter} />}
      <div class="summary">
        <span class="status" role="status" aria-live="polite">
          {busy && <span class="spinner" aria-hidden="true" />}
          <span class="note">{busy ?? `The ${shown} closest of ${(matching ?? 0).toLocaleString('en')} ${matching === rows?.length ? '' : 'matching '}items`}</span>
        </span>
      </div>
      {error && (
        <p role="alert" class="inline-error">
          {error.message}
        </p>
      )}
      <ResultGrid results={entry.results} stored={stored} busy={Boolean(busy)} onMoreLike={like} />
      {shown === 0 && <p class="note empty">Nothing in the catalogue matches these filters.</p>}
      {canShowMore && (
        <div class="more-row">
          <button type="button" disabled={Boolean(busy)} onClick={() => refine({ count: shown + settings.resultCount }, 'Finding more…')}>
            Show more
          </button>
        </div>
      )}
    </section>
  );
}
