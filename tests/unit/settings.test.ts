import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, readSettings, SETTINGS_KEY, validateSettings, writeSettings } from '../../src/lib/settings.ts';

describe('settings', () => {
  it('gives the defaults for nothing stored or for garbage', () => {
    expect(validateSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(validateSettings('x')).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps each valid field and resets only the invalid ones', () => {
    const s = validateSettings({ schema: 1, resultCount: 24, historyEnabled: false, historyLimit: 7, theme: 'neon' });
    expect(s).toEqual({ ...DEFAULT_SETTINGS, resultCount: 24, historyEnabled: false });
  });

  it('writes a change merged into what is stored, validated', async () => {
    const data: Record<string, unknown> = {};
    const area = {
      get: async (k: string) => ({ [k]: structuredClone(data[k]) }),
      set: async (items: Record<string, unknown>) => {
        await new Promise((r) => setTimeout(r, 5));
        Object.assign(data, items);
      },
    };
    // Not awaited one by one: the second must not read before the first has written.
    await Promise.all([writeSettings(area, { theme: 'dark' }), writeSettings(area, { resultCount: 48, historyLimit: 3 })]);
    expect(await readSettings(area)).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark', resultCount: 48 });
    expect(data[SETTINGS_KEY]).toEqual(await readSettings(area));
  });
});
