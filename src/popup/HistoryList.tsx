// The History tab: every past search, newest first, with its photo, page, time and top match.
// Reopen shows the stored results at once; re-run searches the kept photo again; delete one,
// or clear all with undo.
import { useState } from 'preact/hooks';
import type { ItemLookup } from '../lib/catalogue.ts';
import type { HistoryData, HistoryEntry } from '../lib/history.ts';
import { isEmptyFilter } from '../lib/rank.ts';
import { resultItem, useCatalogueItems } from './catalogue.ts';
import { domainOf, timeAgo } from './format.ts';
import { history as store, useSettings } from './storage-hooks.ts';
import { ask } from './worker.ts';

export function HistoryList({ history, onShow }: { history: HistoryData | undefined; onShow: (entryId?: string) => void }) {
  const [confirming, setConfirming] = useState(false);
  const [cleared, setCleared] = useState<HistoryEntry[]>();
  const [error, setError] = useState<string>();
  const settings = useSettings();
  // Only for entries saved before results carried their details; once for the list, not per row.
  const { items } = useCatalogueItems(Boolean(history?.entries.some((e) => e.results[0] && !e.results[0].item)));
  if (!history) return <p class="note">Loading…</p>;
  const clear = async () => {
    setCleared(await store.clear());
    setConfirming(false);
  };
  const undo = async () => {
    if (cleared) await store.restore(cleared, settings?.historyLimit);
    setCleared(undefined);
  };
  const rerun = async (id: string) => {
    const reply = await ask('rerunSearch', { entryId: id });
    if ('error' in reply || !reply.started) setError('That search could not be run again.');
    else onShow(undefined);
  };
  return (
    <section>
      {cleared && (
        <div class="undo" role="status">
          <span>
            Cleared {cleared.length} {cleared.length === 1 ? 'search' : 'searches'}.
          </span>
          <button type="button" class="primary" onClick={undo}>
            Undo
          </button>
        </div>
      )}
      {error && <p role="alert">{error}</p>}
      {settings && !settings.historyEnabled && <p class="note">History is off: new searches are not saved (Settings).</p>}
      {history.entries.length === 0 ? (
        !cleared && <p class="note empty">No searches yet.</p>
      ) : (
        <>
          <div class="toolbar">
            {confirming ? (
              <>
                <span>Delete all {history.entries.length} searches?</span>
                <button type="button" class="danger" onClick={clear}>
                  Delete all
                </button>
                <button type="button" onClick={() => setConfirming(false)}>
                  Cancel
                </button>
              </>
            ) : (
              <button type="button" onClick={() => setConfirming(true)}>
                Clear history
              </button>
            )}
          </div>
          <ul class="history" aria-label="Past searches">
            {history.entries.map((entry) => (
              <HistoryRow key={entry.id} entry={entry} items={items} onOpen={() => onShow(entry.id)} onRerun={() => rerun(entry.id)} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function HistoryRow({ entry, items, onOpen, onRerun }: { entry: HistoryEntry; items?: ItemLookup; onOpen: () => void; onRerun: () => void }) {
  const top = entry.results[0] ? resultItem(entry.results[0], items) : undefined;
  const domain = entry.pageUrl ? domainOf(entry.pageUrl) : 'Lookalike catalogue';
  return (
    <li data-history-id={entry.id}>
      <button type="button" class="open" onClick={onOpen} title="Show these results">
        {entry.thumbnail ? <img src={entry.thumbnail} alt="" /> : <span class="blank" />}
        <span>
          <b class="top">{top ? `Top match: ${top.name}` : `${entry.results.length} matches`}</b>
          <span class="note">
            {timeAgo(entry.createdAt)}
            {entry.crop && ' · part of the photo'}
            {!isEmptyFilter(entry.filter) && ' · filtered'}
          </span>
        </span>
      </button>
      <div class="actions">
        {/^https?:/.test(entry.pageUrl) ? (
          <a class="site" href={entry.pageUrl} target="_blank" rel="noreferrer" title={entry.pageUrl}>
            {domain}
          </a>
        ) : (
          <span class="site note">{domain}</span>
        )}
        <div>
          <button type="button" class="icon" aria-label="Search again" title="Search again" onClick={onRerun}>
            ↻
          </button>
          <button type="button" class="icon delete" aria-label="Delete this search" title="Delete" onClick={() => store.remove(entry.id)}>
            ✕
          </button>
        </div>
      </div>
    </li>
  );
}
