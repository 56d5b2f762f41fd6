// Every message between content script, service worker and popup, declared once (STYLE.md #2).
import type { SearchFailure } from './errors.ts';
import type { HistoryEntry } from './history.ts';
import type { ResolvedImage } from './resolve-image.ts';

export interface ProtocolMap {
  /** worker -> content script: which image did the user right-click? */
  resolveClickedImage: { request: Record<string, never>; response: ResolvedImage | null };
  /** popup -> worker: run the current search again. */
  retrySearch: { request: Record<string, never>; response: { started: boolean } };
}

export type MessageType = keyof ProtocolMap;
export type Message<K extends MessageType = MessageType> = { type: K; data: ProtocolMap[K]['request'] };
export type Reply<K extends MessageType> = ProtocolMap[K]['response'];

export function message<K extends MessageType>(type: K, data: ProtocolMap[K]['request']): Message<K> {
  return { type, data };
}

export function isMessage(value: unknown): value is Message {
  const type = (value as Message | null)?.type;
  return type === 'resolveClickedImage' || type === 'retrySearch';
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
  /** Where the time went, for the benchmark and for curious users. */
  timings?: SearchTimings;
}

export interface SearchTimings {
  embedMs: number;
  knnMs: number;
  /** From the menu click to results stored. */
  totalMs: number;
}

export const SEARCH_STATE_KEY = 'search';
