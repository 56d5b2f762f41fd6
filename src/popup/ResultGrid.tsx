// The grid of matched catalogue items: each card says what the item is and how similar it is,
// offers "more like this", and arrow keys move between cards. Skeleton cards hold the place
// while a search runs, so nothing jumps when results arrive.
import type { CatalogueItem, ThumbnailRef } from '../lib/catalogue.ts';
import type { ResultRef } from '../lib/history.ts';
import { resultItem, useCatalogueItems, useThumbnail } from './catalogue.ts';
import { percent } from './format.ts';

const COLUMNS = 3;

interface Props {
  results: ResultRef[];
  /** The details stored with the results hold for this build (detailsHold); undefined while that is being read. */
  stored?: boolean;
  busy?: boolean;
  onMoreLike: (itemId: string) => void;
}

export function ResultGrid({ results, stored, busy = false, onMoreLike }: Props) {
  const { items, error } = useCatalogueItems(stored === false);
  if (error) return <p role="alert">The catalogue could not be shown: {error}.</p>;
  if (!stored && !items) return <SkeletonGrid count={results.length} />;
  return (
    <ol class={busy ? 'grid busy' : 'grid'} aria-busy={busy} aria-label="Similar items" onKeyDown={moveFocus}>
      {results.map((result, i) => {
        const item = resultItem(result, items);
        const details = item ? [item.articleType, item.colour, item.gender].filter(Boolean).join(' · ') : 'no longer in the catalogue';
        const name = item?.name || `Item ${result.id}`;
        return (
          <li class="card" key={result.id} data-item-id={result.id} tabIndex={i === 0 ? 0 : -1} aria-label={`${name}: ${details}, ${percent(result.score)} similar`}>
            <Thumbnail id={result.id} item={item} />
            <div class="name" title={name} aria-hidden="true">
              {name}
            </div>
            <div class="meta" aria-hidden="true">
              {details}
            </div>
            <div class="score" title="Visual similarity (cosine of the two photos' vectors)" aria-hidden="true">
              <span class="bar" style={{ width: percent(result.score) }} />
              <span>{percent(result.score)} similar</span>
            </div>
            {item && (
              <button type="button" class="more" aria-label={`More like this: ${name}`} onClick={() => onMoreLike(result.id)}>
                More like this
              </button>
            )}
          </li>
        );
      })}
    </ol>
  );
}

/**
 * Arrow keys move between cards (three per row), Home/End to the first and last; Enter on a card
 * searches more like it. One card is in the tab order at a time (roving tabindex).
 */
function moveFocus(event: KeyboardEvent) {
  const cards = [...(event.currentTarget as HTMLElement).querySelectorAll<HTMLElement>('li.card')];
  const at = cards.findIndex((card) => card.contains(document.activeElement));
  if (at < 0) return;
  if (event.key === 'Enter' && document.activeElement === cards[at]) {
    cards[at].querySelector<HTMLButtonElement>('button.more')?.click();
    return;
  }
  const step: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: COLUMNS, ArrowUp: -COLUMNS, Home: -at, End: cards.length - 1 - at };
  if (!(event.key in step)) return;
  event.preventDefault();
  const next = cards[Math.min(cards.length - 1, Math.max(0, at + step[event.key]))];
  for (const card of cards) card.tabIndex = card === next ? 0 : -1;
  next.focus();
}

function Thumbnail({ id, item }: { id: string; item?: CatalogueItem & { thumbnail?: ThumbnailRef } }) {
  const url = useThumbnail(id, item?.thumbnail);
  // A fixed-size box either way, so nothing jumps when the shard arrives.
  return url ? <img src={url} alt="" /> : <div class="thumb-placeholder" />;
}

export function SkeletonGrid({ count }: { count: number }) {
  return (
    <ol class="grid skeleton" aria-hidden="true">
      {Array.from({ length: count }, (_, i) => (
        <li class="card" key={i}>
          <div class="thumb-placeholder" />
          <div class="line" />
          <div class="line short" />
        </li>
      ))}
    </ol>
  );
}
