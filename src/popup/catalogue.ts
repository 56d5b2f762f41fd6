// Catalogue item details for result cards, from the build's items.json (loaded once per popup).
import { useEffect, useState } from 'preact/hooks';
import { type CatalogueItems, type ThumbnailRef, thumbnailShardName } from '../lib/catalogue.ts';

let loading: Promise<CatalogueItems> | undefined;

function loadItems(): Promise<CatalogueItems> {
  loading ??= fetch('/catalogue/items.json').then((r) => {
    if (!r.ok) throw new Error('catalogue details are missing from the extension');
    return r.json();
  });
  return loading;
}

export function useCatalogueItems(): { items?: CatalogueItems; error?: string } {
  const [state, setState] = useState<{ items?: CatalogueItems; error?: string }>({});
  useEffect(() => {
    loadItems().then(
      (items) => setState({ items }),
      (error: Error) => setState({ error: error.message }),
    );
  }, []);
  return state;
}

const shards = new Map<number, Promise<ArrayBuffer>>();
const urls = new Map<string, Promise<string>>();

/** An object URL for one item's photo, cut from its thumbnail shard (each shard fetched once). */
export function thumbnailUrl(id: string, [shard, offset, length]: ThumbnailRef): Promise<string> {
  let url = urls.get(id);
  if (!url) {
    let bytes = shards.get(shard);
    if (!bytes) {
      bytes = fetch(`/catalogue/${thumbnailShardName(shard)}`).then((r) => {
        if (!r.ok) throw new Error(`catalogue/${thumbnailShardName(shard)} is missing from the extension`);
        return r.arrayBuffer();
      });
      bytes.catch(() => shards.delete(shard));
      shards.set(shard, bytes);
    }
    url = bytes.then((all) => URL.createObjectURL(new Blob([all.slice(offset, offset + length)], { type: 'image/jpeg' })));
    url.catch(() => urls.delete(id));
    urls.set(id, url);
  }
  return url;
}

/** The thumbnail's URL once its shard has loaded; undefined while loading or when there is none. */
export function useThumbnail(id: string, ref: ThumbnailRef | undefined): string | undefined {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!ref) return;
    let live = true;
    thumbnailUrl(id, ref).then(
      (value) => live && setUrl(value),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [id, ref]);
  return url;
}
