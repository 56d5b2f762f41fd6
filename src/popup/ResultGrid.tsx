// The grid of matched catalogue items, each saying what it is and how similar it is.
import { type CatalogueItem, itemFrom, type ThumbnailRef } from '../lib/catalogue.ts';
import type { ResultRef } from '../lib/history.ts';
import { useCatalogueItems, useThumbnail } from './catalogue.ts';
import { percent } from './format.ts';

export function ResultGrid({ results }: { results: ResultRef[] }) {
  const { items, error } = useCatalogueItems();
  if (error) return <p role="alert">The catalogue could not be shown: {error}.</p>;
  if (!items) return <p class="note">Loading the catalogue…</p>;
  return (
    <ol class="grid">
      {results.map((result) => {
        const item = itemFrom(items, result.id);
        return (
          <li class="card" key={result.id} data-item-id={result.id}>
            <Thumbnail id={result.id} item={item} />
            <div class="name" title={item?.name}>
              {item?.name ?? `Item ${result.id}`}
            </div>
            <div class="meta">{item ? [item.articleType, item.colour, item.gender].filter(Boolean).join(' · ') : 'no longer in the catalogue'}</div>
            <div class="score" title="Visual similarity (cosine)">
              <span class="bar" style={{ width: percent(result.score) }} />
              <span>{percent(result.score)} similar</span>
            </div>
          </li>
        );
      })}
    </ol>
  );
}

function Thumbnail({ id, item }: { id: string; item?: CatalogueItem & { thumbnail?: ThumbnailRef } }) {
  const url = useThumbnail(id, item?.thumbnail);
  // A fixed-size box either way, so nothing jumps when the shard arrives.
  return url ? <img src={url} alt={item?.name ?? id} /> : <div class="thumb-placeholder" role="img" aria-label={item?.name ?? id} />;
}
