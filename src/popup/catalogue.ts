// Catalogue item details for result cards, from the build's items.json (loaded once per popup).
import { useEffect, useState } from 'preact/hooks';
import type { CatalogueItems } from '../lib/catalogue.ts';

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

export function thumbnailUrl(id: string): string {
  return `/catalogue/images/${encodeURIComponent(id)}.jpg`;
}
