// Search failures as data: a machine code plus a sentence a shopper can act on (STYLE.md #3).

export type SearchErrorCode =
  | 'no-image'
  | 'unsupported-url'
  | 'unsupported-format'
  | 'unreadable'
  | 'network'
  | 'timeout'
  | 'http-status'
  | 'not-an-image'
  | 'too-large'
  | 'decode-failed'
  | 'too-small'
  | 'model-failed'
  | 'catalogue-failed'
  | 'interrupted'
  | 'not-found'
  | 'no-photo'
  | 'internal';

export interface SearchFailure {
  code: SearchErrorCode;
  message: string;
  /** Whether trying the same search again can help. */
  retryable: boolean;
}

const RETRYABLE: ReadonlySet<SearchErrorCode> = new Set([
  'network',
  'timeout',
  'http-status',
  'model-failed',
  'catalogue-failed',
  'interrupted',
  'internal',
]);

export class SearchError extends Error {
  override name = 'SearchError';
  constructor(
    readonly code: SearchErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function toFailure(error: unknown): SearchFailure {
  if (error instanceof SearchError) {
    return { code: error.code, message: error.message, retryable: RETRYABLE.has(error.code) };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return {
    code: 'internal',
    message: `Something went wrong during the search (${detail}).`,
    retryable: true,
  };
}
