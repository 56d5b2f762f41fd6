// Content script: remembers what the user right-clicked, tells the worker whether it holds an
// image (so the menu item shows only then), and hands over that image when asked.
import browser from 'webextension-polyfill';
import { isMessage, message, type Message } from '../lib/protocol.ts';
import { type ImageTarget, resolveImage } from '../lib/resolve-image.ts';
import { capture, rasterizeSvg, readLoadedImage } from './capture.ts';

let clicked: ImageTarget | null = null;

// Capture phase: pages that stop the event's propagation still let us see it.
document.addEventListener(
  'contextmenu',
  (event) => {
    const target = event.composedPath()[0];
    clicked = target instanceof Element ? resolveImage(target, { x: event.clientX, y: event.clientY }) : null;
    void browser.runtime.sendMessage(message('contextTarget', { hasImage: clicked !== null })).catch(() => undefined);
  },
  true,
);

browser.runtime.onMessage.addListener((raw: unknown) => {
  if (!isMessage(raw)) return undefined;
  return answer(raw);
});

function answer(raw: Message): Promise<unknown> | undefined {
  if (isMessage(raw, 'resolveClickedImage')) return clicked ? capture(clicked) : Promise.resolve(null);
  if (isMessage(raw, 'readLoadedImage')) return readLoadedImage(raw.data.url);
  if (isMessage(raw, 'rasterizeSvg')) return rasterizeSvg(raw.data.svg);
  return undefined;
}
