// A catalogue pack that fails to load ends the search with a clear, specific error.
import { describe, expect, it, vi } from 'vitest';
import { detailsLookup, detailsRow, encodeDetails } from '../../src/lib/catalogue.ts';
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
  return getCatalogue({ recipe, vectorise: async () => ({ vector: new Float32Array(2) }), dispose: () => undefined });
}

const details = encodeDetails([
  ['Blue T-shirt', 'Tshirts', 'Blue', 'Men', [0, 0, 10]],
  ['Slim jeans', 'Jeans', 'Blue', 'Men'],
]);
const labels = JSON.stringify({ articleTypes: ['Tshirts', 'Jeans'], genders: ['Men'], typeOf: [0, 1], genderOf: [0, 0] });

describe('loading the bundled catalogue', () => {
  it('loads a pack made for this model', async () => {
    const { header, vectorBytes } = encodePack(recipe, ['a', 'b'], new Float32Array([1, 0, 0, 1]));
    serve({ 'pack.json': JSON.stringify(header), 'vectors.bin': vectorBytes.slice(), 'ids.json': '["a","b"]', 'labels.json': labels, 'details.bin': details.slice() });
    const catalogue = await load();
    expect(catalogue.ids).toEqual(['a', 'b']);
    expect(catalogue.ranker.search({ vector: new Float32Array([0, 1]) }, 1)[0].index).toBe(1);
    const { rankResults } = await import('../../src/background/catalogue.ts');
    expect(rankResults(catalogue, { vector: new Float32Array([0, 1]) }, 2)).toEqual({
      results: [
        { id: 'b', score: 1, item: ['Slim jeans', 'Jeans', 'Blue', 'Men'] },
        { id: 'a', score: 0, item: ['Blue T-shirt', 'Tshirts', 'Blue', 'Men', [0, 0, 10]] },
      ],
    });
    expect(catalogue.ranker.search({ vector: new Float32Array([0, 1]) }, 2, { articleTypes: ['Tshirts'] }).map((m) => m.index)).toEqual([0]);
  });

  it('ranks an int8 pack with the WASM kernel', async () => {
    const dims16 = { ...recipe, dims: 16 };
    const vectors = new Float32Array(32);
    vectors[0] = 1;
    vectors[16 + 5] = 1;
    const { header, vectorBytes } = encodePack(dims16, ['a', 'b'], vectors, 'int8');
    serve({ 'pack.json': JSON.stringify(header), 'vectors.bin': vectorBytes.slice(), 'ids.json': '["a","b"]', 'labels.json': labels, 'details.bin': details.slice() });
    vi.resetModules();
    const { getCatalogue } = await import('../../src/background/catalogue.ts');
    const catalogue = await getCatalogue({ recipe: dims16, vectorise: async () => ({ vector: new Float32Array(16) }), dispose: () => undefined });
    const query = new Float32Array(16);
    query[5] = 1;
    const [best] = catalogue.ranker.search({ vector: query }, 1);
    expect(best.index).toBe(1);
    expect(best.similarity).toBeCloseTo(1, 2);
  });

  it('refuses a pack built for another model, saying how to fix it', async () => {
    const { header, vectorBytes } = encodePack({ ...recipe, modelId: 'old-model' }, ['a'], new Float32Array([1, 0]));
    serve({ 'pack.json': JSON.stringify(header), 'vectors.bin': vectorBytes.slice(), 'ids.json': '["a"]', 'labels.json': labels, 'details.bin': details.slice() });
    await expect(load()).rejects.toMatchObject({ code: 'catalogue-failed', message: expect.stringMatching(/modelId old-model.*rebuild/) });
  });

  it('names the missing file', async () => {
    serve({ 'pack.json': '{}', 'ids.json': '[]' });
    await expect(load()).rejects.toMatchObject({ code: 'catalogue-failed', message: expect.stringMatching(/vectors\.bin is missing/) });
  });
});

describe('details.bin', () => {
  it('reads back any one row, with or without a thumbnail, and nothing for a row without an item', () => {
    const bytes = encodeDetails([['Kurta “Ananya”', 'Kurtas', 'Off White', 'Women', [231, 262_000, 1_834]], undefined, ['Cap', 'Caps', 'Red', 'Unisex']]).slice().buffer;
    expect(detailsRow(bytes, 0)).toEqual(['Kurta “Ananya”', 'Kurtas', 'Off White', 'Women', [231, 262_000, 1_834]]);
    expect(detailsRow(bytes, 1)).toBeUndefined();
    expect(detailsRow(bytes, 2)).toEqual(['Cap', 'Caps', 'Red', 'Unisex']);
    expect(detailsRow(bytes, 3)).toBeUndefined();
    expect(detailsRow(bytes, -1)).toBeUndefined();
  });

  it('looks rows up by id through the pack ids, in the same order', () => {
    const bytes = encodeDetails([['Cap', 'Caps', 'Red', 'Unisex'], ['Shirt', 'Shirts', 'Blue', 'Men', [0, 10, 20]]]).slice().buffer;
    const lookup = detailsLookup(['17', '4'], bytes);
    expect(lookup('4')).toEqual(['Shirt', 'Shirts', 'Blue', 'Men', [0, 10, 20]]);
    expect(lookup('17')).toEqual(['Cap', 'Caps', 'Red', 'Unisex']);
    expect(lookup('5')).toBeUndefined();
  });
});
