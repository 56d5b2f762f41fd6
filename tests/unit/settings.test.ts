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
    const area = { get: async (k: string) => ({ [k]: data[k] }), set: async (items: Record<string, unknown>) => void Object.assign(data, items) };
    await writeSettings(area, { theme: 'dark' });
    await writeSettings(area, { resultCount: 48, historyLimit: 3 });
    expect(await readSettings(area)).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark', resultCount: 48 });
    expect(data[SETTINGS_KEY]).toEqual(await readSettings(area));
  });
});
