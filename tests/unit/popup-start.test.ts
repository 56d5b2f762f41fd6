// The search waits for the popup its click opened to start (so they do not share the CPU), but never long, and not for a popup that did not open.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const action = { setBadgeText: vi.fn(async () => undefined), setBadgeBackgroundColor: vi.fn(async () => undefined) };
vi.mock('webextension-polyfill', () => ({ default: { action } }));
const openPopupApi = vi.fn(async () => undefined);
vi.stubGlobal('chrome', { action: { openPopup: openPopupApi } });

const { openPopup, popupDrawn, popupStarted, POPUP_WAIT_MS } = await import('../../src/background/popup.ts');

/** Whether the promise has settled after the microtasks queued so far. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => {
    done = true;
  });
  await vi.advanceTimersByTimeAsync(0);
  return done;
}

beforeEach(() => {
  vi.useFakeTimers();
  openPopupApi.mockReset();
  action.setBadgeText.mockClear();
});

describe('waiting for the popup', () => {
  it('waits until the popup says it has drawn', async () => {
    await openPopup();
    const started = popupStarted();
    expect(await settled(started)).toBe(false);
    popupDrawn();
    expect(await settled(started)).toBe(true);
  });

  it('gives up after POPUP_WAIT_MS when the popup never says so', async () => {
    await openPopup();
    const started = popupStarted();
    await vi.advanceTimersByTimeAsync(POPUP_WAIT_MS - 1);
    expect(await settled(started)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settled(started)).toBe(true);
  });

  it('does not wait when the browser refused to open the popup, and marks the toolbar button instead', async () => {
    openPopupApi.mockRejectedValueOnce(new Error('no focused window'));
    await openPopup();
    expect(await settled(popupStarted())).toBe(true);
    expect(action.setBadgeText).toHaveBeenLastCalledWith({ text: '1' });
  });
});
