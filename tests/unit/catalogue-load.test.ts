// A catalogue pack that fails to load ends the search with a clear, specific error.
import { describe, expect, it, vi } from 'vitest';
import { encodePack } from '../../src/lib/pack.ts';
import { PREPROCESS_ID } from '../../src/lib/preprocess.ts';

vi.stubGlobal('chrome', { runtime: { getURL: (path: string) => `chrome-extension://lookalike/${path}` } });

const recipe = { modelId: 'resnet50-imagenet-maxpool-float16', preprocessId: PREPROCESS_ID, headId: 'none', dims: 2 };

function serve(files: Record<string, BodyInit>) {
  vi.stubGlobal('fetch', async (url: string) => {
    const name = url.replace('chrome-extension://lookalike/catalogue/', '');
    return name in files ? new Response(files[name]) : new Response('', { status: 404 });
  });
}

async function load() {
  vi.resetModules();
  const { getCatalogue } = await import('../../src/background/catalogue.ts');
  return getCatalogue(recipe);
}

describe('loading the bundled catalogue', () => {
  it('loads a pack made for this model', async () => {
    const { header, vectorBytes } = encodePack(recipe, ['a'], new Float32Array([1, 0]));
    serve({ 'pack.json': JSON.stringify(header), 'vectors.bin': vectorBytes.slice(), 'ids.json': '["a"]' });
    await expect(load()).resolves.toMatchObject({ ids: ['a'] });
  });

  it('refuses a pack built for another model, saying how to fix it', async () => {
    const { header, vectorBytes } = encodePack({ ...recipe, modelId: 'old-model' }, ['a'], new Float32Array([1, 0]));
    serve({ 'pack.json': JSON.stringify(header), 'vectors.bin': vectorBytes.slice(), 'ids.json': '["a"]' });
    await expect(load()).rejects.toMatchObject({ code: 'catalogue-failed', message: expect.stringMatching(/modelId old-model.*rebuild/) });
  });

  it('names the missing file', async () => {
    serve({ 'pack.json': '{}', 'ids.json': '[]' });
    await expect(load()).rejects.toMatchObject({ code: 'catalogue-failed', message: expect.stringMatching(/vectors\.bin is missing/) });
  });
});
