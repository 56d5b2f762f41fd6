// Popup -> worker commands, with a worker that does not answer turned into a failure the UI can show.
import browser from 'webextension-polyfill';
import type { SearchFailure } from '../lib/errors.ts';
import { message, type MessageType, type ProtocolMap, type Reply } from '../lib/protocol.ts';

export async function ask<K extends MessageType>(type: K, data: ProtocolMap[K]['request']): Promise<Reply<K> | { error: SearchFailure }> {
  try {
    return (await browser.runtime.sendMessage(message(type, data))) as Reply<K>;
  } catch (error) {
    return { error: { code: 'internal', message: `The extension's background worker did not answer (${(error as Error).message}).`, retryable: true } };
  }
}
