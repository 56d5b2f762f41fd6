// User settings: one typed, schema-versioned item with defaults and validation (STYLE.md #10).
import type { KeyValueArea } from './history.ts';

export const SETTINGS_KEY = 'settings';
export const SETTINGS_SCHEMA = 1;

export type Theme = 'system' | 'light' | 'dark';

export const RESULT_COUNTS = [6, 12, 24, 48] as const;
export const HISTORY_LIMITS = [20, 50, 100, 200, 500] as const;

export interface Settings {
  schema: typeof SETTINGS_SCHEMA;
  /** Results per page ("Show more" adds another page). */
  resultCount: number;
  historyEnabled: boolean;
  /** Oldest searches are evicted beyond this many. */
  historyLimit: number;
  theme: Theme;
}

export const DEFAULT_SETTINGS: Settings = { schema: SETTINGS_SCHEMA, resultCount: 12, historyEnabled: true, historyLimit: 100, theme: 'system' };

/** Any stored value into valid settings: each field that fails validation falls back to its default. */
export function validateSettings(raw: unknown): Settings {
  const s = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<Record<keyof Settings, unknown>>;
  const pick = <T>(value: unknown, allowed: readonly T[], fallback: T): T => (allowed.includes(value as T) ? (value as T) : fallback);
  return {
    schema: SETTINGS_SCHEMA,
    resultCount: pick(s.resultCount, RESULT_COUNTS, DEFAULT_SETTINGS.resultCount),
    historyEnabled: typeof s.historyEnabled === 'boolean' ? s.historyEnabled : DEFAULT_SETTINGS.historyEnabled,
    historyLimit: pick(s.historyLimit, HISTORY_LIMITS, DEFAULT_SETTINGS.historyLimit),
    theme: pick(s.theme, ['system', 'light', 'dark'] as const, DEFAULT_SETTINGS.theme),
  };
}

export async function readSettings(area: KeyValueArea): Promise<Settings> {
  return validateSettings((await area.get(SETTINGS_KEY))[SETTINGS_KEY]);
}

let writing: Promise<unknown> = Promise.resolve();

/** Merges a change into the stored settings. Queued: two quick changes never drop each other. */
export function writeSettings(area: KeyValueArea, change: Partial<Settings>): Promise<Settings> {
  const next = writing.then(async () => {
    const merged = validateSettings({ ...(await readSettings(area)), ...change });
    await area.set({ [SETTINGS_KEY]: merged });
    return merged;
  });
  writing = next.catch(() => undefined);
  return next;
}
