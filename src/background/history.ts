// The worker's handle on search history in extension storage.
import browser from 'webextension-polyfill';
import { History } from '../lib/history.ts';

export const history = new History(browser.storage.local);
