// Every message between content script, service worker and popup, declared once (STYLE.md #2).
import type { Crop } from './crop.ts';
import type { SearchFailure } from './errors.ts';
import type { HistoryEntry } from './history.ts';
import type { Filter } from './rank.ts';
import type { ImageSource } from './resolve-image.ts';

/** The clicked image as the content script hands it over: a URL, or the pixels when only the page has them. */
export interface CapturedImage {
  url: string;
  source: ImageSource;
  /** Pixels read in the page (canvas, inline SVG, blob: URL), as a data: URL. */
  dataUrl?: string;
}

/** Why the page could not hand over an image, as a sentence for the shopper. */
export interface CaptureFailure {
  error: string;
}

export interface ProtocolMap {
  /** worker -> content script: which image did the user right-click? */
  resolveClickedImage: { request: Record<string, never>; response: CapturedImage | CaptureFailure | null };
  /** worker -> content script: the worker could not download this image; read the copy the page shows. */
  readLoadedImage: { request: { url: string }; response: { dataUrl: string } | CaptureFailure };
  /** worker -> content script: draw this SVG (workers cannot), return PNG pixels. */
  rasterizeSvg: { request: { svg: string }; response: { dataUrl: string } | CaptureFailure };
  /** content script -> worker: is there an image under the right-click? (shows or hides the menu item) */
  contextTarget: { request: { hasImage: boolean }; response: undefined };
  /** popup -> worker: run the current search again. */
  retrySearch: { request: Record<string, never>; response: { started: boolean } };
  /**
   * popup -> worker: change a shown search in place: crop (null: the whole photo), filter, or how
   * many results (show more). Re-embeds only when the crop changes.
   */
  refineSearch: { request: RefineRequest; response: { ok: true } | { error: SearchFailure } };
  /** popup -> worker: a new search with a catalogue item's own vector. */
  moreLikeThis: { request: { itemId: string; fromEntryId?: string }; response: { started: boolean } };
  /** popup -> worker: search a history entry's photo again as a new search (same crop and filter). */
  rerunSearch: { request: { entryId: string }; response: { started: boolean } };
}

/** "Show more" stops here (the worker caps refineSearch's count; the popup hides the button). */
export const MAX_RESULTS = 96;

export interface RefineRequest {
  entryId: string;
  crop?: Crop | null;
  filter?: Filter;
  count?: number;
}

export type MessageType = keyof ProtocolMap;
export type Message<K extends MessageType = MessageType> = { type: K; data: ProtocolMap[K]['request'] };
export type Reply<K extends MessageType> = ProtocolMap[K]['response'];

export function message<K extends MessageType>(type: K, data: ProtocolMap[K]['request']): Message<K> {
  return { type, data };
}

const TYPES: ReadonlySet<string> = new Set<MessageType>([
  'resolveClickedImage',
  'readLoadedImage',
  'rasterizeSvg',
  'contextTarget',
  'retrySearch',
  'refineSearch',
  'moreLikeThis',
  'rerunSearch',
]);

export function isMessage<K extends MessageType>(value: unknown, type?: K): value is Message<K> {
  const found = (value as Message | null)?.type;
  return typeof found === 'string' && TYPES.has(found) && (type === undefined || found === type);
}

/** Where the current search stands; kept in storage.session so the popup can follow it. */
export type SearchStage = 'loading-model' | 'fetching' | 'searching' | 'done' | 'error';

export interface SearchState {
  id: string;
  stage: SearchStage;
  startedAt: number;
  srcUrl: string;
  pageUrl: string;
  tabId?: number;
  frameId?: number;
  incognito: boolean;
  /** The worker life that ran it: a search left unfinished by an older life was interrupted. */
  workerId: string;
  /** History entry holding the results (not set for incognito searches). */
  historyId?: string;
  /** Results kept only for this session, for incognito searches that never reach history. */
  privateResult?: HistoryEntry;
  error?: SearchFailure;
  /** Share of the model downloaded so far (0..1), while it loads on a cold start. */
  modelProgress?: number;
  /** Where the time went, for the benchmark and for curious users. */
  timings?: SearchTimings;
}

export interface SearchTimings {
  embedMs: number;
  knnMs: number;
  /** From the menu click to results stored. */
  totalMs: number;
  /** From the menu click to the model's start (fetch, decode, and the popup's start-up sharing the cores). */
  embedStartMs?: number;
  /** Of embedMs, the model's own time in the offscreen document (the rest is messaging). */
  modelMs?: number;
  /** Where the model ran ("offscreen, 2 threads", or "service worker, 1 thread"). */
  engine?: string;
}

export const SEARCH_STATE_KEY = 'search';
