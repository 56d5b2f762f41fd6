// Content script: remembers what the user right-clicked and tells the worker which image it shows.
import browser from 'webextension-polyfill';
import { isMessage, type Reply } from '../lib/protocol.ts';
import { resolveImage } from '../lib/resolve-image.ts';

let lastTarget: Element | null = null;

// Capture phase: pages that stop the event's propagation still let us see it.
document.addEventListener(
  'contextmenu',
  (event) => {
    const target = event.composedPath()[0];
    lastTarget = target instanceof Element ? target : null;
  },
  true,
);

browser.runtime.onMessage.addListener((raw: unknown): Promise<Reply<'resolveClickedImage'>> | undefined => {
  if (!isMessage(raw) || raw.type !== 'resolveClickedImage') return undefined;
  return Promise.resolve(lastTarget ? resolveImage(lastTarget) : null);
});
