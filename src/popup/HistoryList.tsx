// The History tab: every past search, newest first; reopen, delete one, or clear all.
import { useState } from 'preact/hooks';
import type { HistoryData } from '../lib/history.ts';
import { domainOf, timeAgo } from './format.ts';
import { history as store } from './storage-hooks.ts';

export function HistoryList({ history, onOpen }: { history: HistoryData | undefined; onOpen: (id: string) => void }) {
  const [confirming, setConfirming] = useState(false);
  if (!history) return <p class="note">Loading…</p>;
  if (history.entries.length === 0) return <p class="note empty">No searches yet.</p>;
  return (
    <section>
      <div class="toolbar">
        {confirming ? (
          <>
            <span>Delete all {history.entries.length} searches?</span>
            <button type="button" class="danger" onClick={() => store.clear().then(() => setConfirming(false))}>
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
      <ul class="history">
        {history.entries.map((entry) => (
          <li key={entry.id} data-history-id={entry.id}>
            <button type="button" class="open" onClick={() => onOpen(entry.id)} title="Show these results">
              {entry.thumbnail ? <img src={entry.thumbnail} alt="" /> : <span class="blank" />}
              <span>
                <b>{domainOf(entry.pageUrl)}</b>
                <span class="note">
                  {timeAgo(entry.createdAt)} · {entry.results.length} matches
                </span>
              </span>
            </button>
            <button type="button" class="delete" aria-label="Delete this search" onClick={() => store.remove(entry.id)}>
              ✕
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
