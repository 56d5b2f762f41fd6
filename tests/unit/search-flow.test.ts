// runSearch loads the model and catalogue while the image is fetched: a failure on either side
// must end the search as a clear error, in pipeline order, and never as an unhandled rejection.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { SearchError } from '../../src/lib/errors.ts';
import type { SearchState } from '../../src/lib/protocol.ts';

const written: SearchState[] = [];
const control = { image: (): Promise<unknown> => Promise.resolve({ blob: new Blob(['x']), srcUrl: 'https://shop.test/a.jpg' }), model: (): Promise<unknown> => Promise.reject(new SearchError('model-failed', 'The image model could not be loaded (test).')) };

vi.mock('webextension-polyfill', () => ({ default: { storage: { local: {}, session: {} } } }));
vi.mock('../../src/background/status.ts', () => ({ writeSearchState: async (state: SearchState) => void written.push(state) }));
vi.mock('../../src/background/history.ts', () => ({ keep: vi.fn() }));
vi.mock('../../src/background/acquire-image.ts', () => ({ acquireImage: () => control.image() }));
vi.mock('../../src/background/decode.ts', () => ({
  decodeBlob: async () => ({ width: 40, height: 40, close: () => undefined }),
  toRgba: () => ({ width: 40, height: 40, data: new Uint8ClampedArray(40 * 40 * 4).fill(200) }),
  thumbnailDataUrl: async () => 'data:image/jpeg;base64,',
  storedPhotoDataUrl: async () => 'data:image/jpeg;base64,',
  cropBitmap: async (bitmap: unknown) => bitmap,
}));
vi.mock('../../src/background/embedder.ts', () => ({ getVectoriser: () => control.model(), isModelReady: () => false, onModelProgress: () => () => undefined }));
vi.mock('../../src/background/catalogue.ts', () => ({ getCatalogue: vi.fn(), prefetchCatalogue: vi.fn() }));

const request = { srcUrl: 'https://shop.test/a.jpg', pageUrl: 'https://shop.test/', tabId: 1, frameId: 0, incognito: false };

describe('a search whose model fails to load', () => {
  beforeEach(() => {
    written.length = 0;
  });

  it('ends with the model error once the image is in, saying what failed', async () => {
    const { runSearch } = await import('../../src/background/search.ts');
    await runSearch(request, 'worker');
    const last = written.at(-1);
    expect(last?.stage).toBe('error');
    expect(last?.error).toMatchObject({ code: 'model-failed', message: expect.stringMatching(/model could not be loaded/) });
    expect(written.map((s) => s.stage)).toContain('loading-model');
  });

  it('reports the image failure first when both fail, with no unhandled rejection left behind', async () => {
    control.image = () => Promise.reject(new SearchError('http-status', 'The image address answered 404.'));
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const { runSearch } = await import('../../src/background/search.ts');
    await runSearch(request, 'worker');
    await new Promise((resolve) => setTimeout(resolve, 20));
    process.off('unhandledRejection', onUnhandled);
    expect(written.at(-1)?.error).toMatchObject({ code: 'http-status' });
    expect(unhandled).toEqual([]);
  });
});
